package dev.switchboard.config;

import java.time.Duration;

/**
 * The drain at shutdown.
 *
 * @param grace how long outboxes may drain after 1001 was sent
 */
public record ShutdownSettings(Duration grace) {

    /** {@code shutdown.grace.seconds}: how long outboxes may drain after 1001 was sent at shutdown. */
    public static final Duration GRACE = Duration.ofSeconds(10);

    static ShutdownSettings from(ConfigSource s) {
        return new ShutdownSettings(s.seconds("shutdown.grace.seconds", GRACE));
    }
}
