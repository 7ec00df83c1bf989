package dev.switchboard.config;

import java.time.Duration;

/**
 * Pings and the idle timeout.
 *
 * @param interval    time between WebSocket pings to each session
 * @param idleTimeout silence after which a session is closed with 4008; greater than {@code interval}
 */
public record HeartbeatSettings(Duration interval, Duration idleTimeout) {

    /** {@code heartbeat.seconds}: interval between WebSocket pings to each session. */
    public static final Duration INTERVAL = Duration.ofSeconds(25);
    /** {@code idle.timeout.seconds}: a session from which nothing arrived for this long is closed with 4008. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** @throws ConfigException naming {@code idle.timeout.seconds} unless it exceeds the interval */
    public HeartbeatSettings {
        if (idleTimeout.compareTo(interval) <= 0) {
            throw new ConfigException("idle.timeout.seconds",
                    "must be greater than heartbeat.seconds (" + interval.toMillis() / 1000.0 + ")");
        }
    }

    static HeartbeatSettings from(ConfigSource s) {
        return new HeartbeatSettings(
                s.seconds("heartbeat.seconds", INTERVAL),
                s.seconds("idle.timeout.seconds", IDLE_TIMEOUT));
    }
}
