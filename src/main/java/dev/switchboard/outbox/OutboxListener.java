package dev.switchboard.outbox;

/**
 * Observes an {@link Outbox}, to feed metrics; every method defaults to a no-op. Called outside the outbox's lock,
 * on the enqueuing, drain or completion thread: must be cheap, thread-safe and must not throw (an exception is
 * logged and otherwise ignored, so it never disturbs the outbox).
 */
public interface OutboxListener {

    /** A listener that observes nothing. */
    OutboxListener NONE = new OutboxListener() {
    };

    /**
     * A text frame finished writing.
     *
     * @param bytes       the frame's length in UTF-8 bytes, as written to the wire
     * @param queuedNanos nanoseconds from its enqueue to the completion of its write
     */
    default void onWritten(int bytes, long queuedNanos) {
    }

    /**
     * A write failed: the transport is broken. Called at most once per outbox, and not for failures that follow a
     * close the outbox already issued or a {@link Outbox#discard()}, which are expected.
     *
     * @param error why the write failed
     */
    default void onWriteFailed(Throwable error) {
    }

    /**
     * The number of queued frames or bytes changed (the write in flight not counted). Summing the deltas of every
     * outbox gives hub-wide gauges; once an outbox is sealed and drained its deltas sum to zero. Deltas of
     * concurrent changes may arrive in any order.
     *
     * @param deltaMessages change in queued text frames
     * @param deltaBytes    change in queued payload bytes (UTF-8)
     */
    default void onQueueChanged(int deltaMessages, long deltaBytes) {
    }
}
