package dev.switchboard.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The hub's settings, immutable and validated. Built by {@link ConfigLoader}; see {@link Defaults} for each default.
 *
 * @param port              TCP port ({@code -1} picks a free port; tests use it)
 * @param host              bind address
 * @param heartbeat         ping interval
 * @param idleTimeout       silence after which a session is closed with 4008; greater than {@code heartbeat}
 * @param maxMessageBytes   largest client message, bytes
 * @param outboxMaxMessages frames queued per session
 * @param outboxMaxBytes    bytes queued per session
 * @param sendTimeout       longest a single write may take
 * @param maxConnections    connections in the hub
 * @param maxConnectionsPerIp connections per remote address
 * @param allowedOrigins    origin patterns; empty means the default (own origin, localhost, 127.0.0.1)
 * @param requireOrigin     refuse handshakes without {@code Origin}
 * @param historySize       messages kept per channel
 * @param historyTtl        age after which a message leaves history
 * @param presenceEvents    send join/leave frames
 * @param apiKey            the HTTP API key, empty when loopback-only
 * @param shutdownGrace     how long outboxes may drain at shutdown
 * @param metricsPublic     serve {@code /metrics} without the API key
 * @param logFormat         standalone log lines: JSON objects or text
 * @param ioThreads         standalone: Grizzly selector threads, which read every socket; {@code 0} = Grizzly's
 *                          default (one per core, plus one: accepting shares a selector)
 * @param sendThreads       standalone: threads draining the outboxes into the sockets; {@code 0} = half the
 *                          cores, at least one (in an application server the managed executor drains them)
 */
public record HubConfig(
        int port,
        String host,
        Duration heartbeat,
        Duration idleTimeout,
        int maxMessageBytes,
        int outboxMaxMessages,
        long outboxMaxBytes,
        Duration sendTimeout,
        int maxConnections,
        int maxConnectionsPerIp,
        List<String> allowedOrigins,
        boolean requireOrigin,
        int historySize,
        Duration historyTtl,
        boolean presenceEvents,
        Optional<String> apiKey,
        Duration shutdownGrace,
        boolean metricsPublic,
        LogFormat logFormat,
        int ioThreads,
        int sendThreads) {

    public HubConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (idleTimeout.compareTo(heartbeat) <= 0) {
            throw new ConfigException("idle.timeout.seconds",
                    "must be greater than heartbeat.seconds (" + heartbeat.toMillis() / 1000.0 + ")");
        }
    }

    /** @return the defaults, as {@code scripts/run} would start with no configuration at all */
    public static HubConfig defaults() {
        return ConfigLoader.fromMap(java.util.Map.of());
    }
}
