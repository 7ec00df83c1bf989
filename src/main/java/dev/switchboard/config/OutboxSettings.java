package dev.switchboard.config;

import java.time.Duration;

/**
 * Each session's send queue: beyond either bound, or a write slower than the timeout, the session is closed as a
 * slow consumer (4009).
 *
 * @param maxMessages frames queued per session
 * @param maxBytes    UTF-8 payload bytes of the frames queued per session
 * @param sendTimeout the longest a single write may take
 * @param batchFrames the most queued frames handed to an application server's WebSocket implementation in one
 *                    batch, where it reports batching; 1 = one frame per send
 * @param rawFrames   inside a server whose WebSocket implementation is Tyrus, write the frames' bytes (encoded once
 *                    for every subscriber) through Tyrus directly instead of one {@code sendText} per frame
 */
public record OutboxSettings(int maxMessages, long maxBytes, Duration sendTimeout, int batchFrames,
        boolean rawFrames) {

    /** {@code outbox.max.messages}: frames queued for one session before it is closed as a slow consumer. */
    public static final int MAX_MESSAGES = 1024;
    /**
     * {@code outbox.max.bytes}: UTF-8 payload bytes of the frames queued for one session before it is closed as a
     * slow consumer (1 MiB).
     */
    public static final long MAX_BYTES = 1024L * 1024L;
    /** {@code send.timeout.seconds}: a single write that has not completed after this closes the session. */
    public static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    /**
     * {@code send.batch.frames}: inside an application server whose {@code RemoteEndpoint.Async} reports
     * batching (WildFly's Undertow does, Payara's Tyrus does not), the most queued frames sent as one batch,
     * flushed once; the standalone hub's own limit (64) is the same. 1 = one frame per send, the next after its
     * completion. Also the most frames one raw write carries inside a server running Tyrus ({@link #RAW_FRAMES}).
     */
    public static final int BATCH_FRAMES = 64;
    /**
     * {@code send.raw.frames}: inside a server whose WebSocket implementation is Tyrus (Payara, GlassFish), up to
     * {@code send.batch.frames} queued frames go to the session's Tyrus WebSocket as one write of their bytes,
     * encoded once for every subscriber; false = through {@code RemoteEndpoint.Async}, one frame per send.
     */
    public static final boolean RAW_FRAMES = true;

    static OutboxSettings from(ConfigSource s) {
        return new OutboxSettings(
                s.integer("outbox.max.messages", MAX_MESSAGES, 1, Integer.MAX_VALUE),
                s.longValue("outbox.max.bytes", MAX_BYTES, 1024, Long.MAX_VALUE),
                s.seconds("send.timeout.seconds", SEND_TIMEOUT),
                s.integer("send.batch.frames", BATCH_FRAMES, 1, 1024),
                s.bool("send.raw.frames", RAW_FRAMES));
    }
}
