package dev.switchboard.config;

import java.time.Duration;

/** Every default of the hub, with its unit. The keys are documented in {@code conf/switchboard.properties}. */
public final class Defaults {

    /** {@code port}: the TCP port of the standalone hub. */
    public static final int PORT = 8080;
    /** {@code host}: the address the standalone hub binds. */
    public static final String HOST = "0.0.0.0";
    /** {@code heartbeat.seconds}: interval between WebSocket pings to each session. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(25);
    /** {@code idle.timeout.seconds}: a session from which nothing arrived for this long is closed with 4008. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** {@code max.message.bytes}: the largest message a client may send, in bytes (64 KiB). */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** {@code outbox.max.messages}: frames queued for one session before it is closed as a slow consumer. */
    public static final int OUTBOX_MAX_MESSAGES = 1024;
    /**
     * {@code outbox.max.bytes}: UTF-8 payload bytes of the frames queued for one session before it is closed as a
     * slow consumer (1 MiB).
     */
    public static final long OUTBOX_MAX_BYTES = 1024L * 1024L;
    /** {@code send.timeout.seconds}: a single write that has not completed after this closes the session. */
    public static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    /** {@code max.connections}: open connections in the whole hub. */
    public static final int MAX_CONNECTIONS = 100_000;
    /** {@code max.connections.per.ip}: open connections from one remote address. */
    public static final int MAX_CONNECTIONS_PER_IP = 1_000;
    /** {@code allowed.origins}: empty means the hub's own origin plus {@code http://localhost:*} and 127.0.0.1. */
    public static final String ALLOWED_ORIGINS = "";
    /** {@code require.origin}: refuse handshakes without an {@code Origin} header. */
    public static final boolean REQUIRE_ORIGIN = false;
    /** {@code history.size}: messages each channel keeps for history and recovery. */
    public static final int HISTORY_SIZE = 100;
    /** {@code history.ttl.seconds}: the age after which a message leaves history. */
    public static final Duration HISTORY_TTL = Duration.ofMinutes(5);
    /** {@code presence.events}: send {@code join}/{@code leave} frames to a channel's subscribers. */
    public static final boolean PRESENCE_EVENTS = false;
    /** {@code api.key}: empty means the HTTP API answers loopback callers only. */
    public static final String API_KEY = "";
    /** {@code shutdown.grace.seconds}: how long outboxes may drain after 1001 was sent at shutdown. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    /** {@code metrics.public}: serve {@code /metrics} without the API key. */
    public static final boolean METRICS_PUBLIC = false;
    /** {@code log.format}: {@code json} or {@code text}. */
    public static final LogFormat LOG_FORMAT = LogFormat.JSON;
    /**
     * {@code io.threads}: Grizzly selector threads of the standalone hub; 0 = Grizzly's default, one per core plus
     * one (see docs/benchmarks.md, "Thread settings", for the measurements behind keeping it).
     */
    public static final int IO_THREADS = 0;
    /**
     * {@code send.threads}: threads draining the outboxes of the standalone hub; 0 = half the cores, at least one
     * (measured: docs/benchmarks.md, "Thread settings").
     */
    public static final int SEND_THREADS = 0;

    private Defaults() {
    }
}
