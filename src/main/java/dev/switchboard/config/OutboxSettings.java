package dev.switchboard.config;

import java.time.Duration;

/**
 * Each session's send queue: beyond either bound, or a write slower than the timeout, the session is closed as a
 * slow consumer (4009).
 *
 * @param maxMessages frames queued per session
 * @param maxBytes    UTF-8 payload bytes of the frames queued per session
 * @param sendTimeout the longest a single write may take
 */
public record OutboxSettings(int maxMessages, long maxBytes, Duration sendTimeout) {

    /** {@code outbox.max.messages}: frames queued for one session before it is closed as a slow consumer. */
    public static final int MAX_MESSAGES = 1024;
    /**
     * {@code outbox.max.bytes}: UTF-8 payload bytes of the frames queued for one session before it is closed as a
     * slow consumer (1 MiB).
     */
    public static final long MAX_BYTES = 1024L * 1024L;
    /** {@code send.timeout.seconds}: a single write that has not completed after this closes the session. */
    public static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    static OutboxSettings from(ConfigSource s) {
        return new OutboxSettings(
                s.integer("outbox.max.messages", MAX_MESSAGES, 1, Integer.MAX_VALUE),
                s.longValue("outbox.max.bytes", MAX_BYTES, 1024, Long.MAX_VALUE),
                s.seconds("send.timeout.seconds", SEND_TIMEOUT));
    }
}
