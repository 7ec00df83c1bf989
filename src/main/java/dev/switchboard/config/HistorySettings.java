package dev.switchboard.config;

import java.time.Duration;

/**
 * What each channel keeps for {@code history} and recovery; both limits apply.
 *
 * @param size messages kept per channel
 * @param ttl  age after which a message leaves history
 */
public record HistorySettings(int size, Duration ttl) {

    /** {@code history.size}: messages each channel keeps for history and recovery. */
    public static final int SIZE = 100;
    /** {@code history.ttl.seconds}: the age after which a message leaves history. */
    public static final Duration TTL = Duration.ofMinutes(5);

    static HistorySettings from(ConfigSource s) {
        return new HistorySettings(
                s.integer("history.size", SIZE, 0, 1_000_000),
                s.seconds("history.ttl.seconds", TTL));
    }
}
