package dev.switchboard.outbox;

/** The outcome of {@link Outbox#enqueue} and {@link Outbox#enqueuePing}. */
public enum EnqueueResult {

    /** The frame is queued and will be written unless the outbox is sealed first. */
    ACCEPTED,

    /**
     * The frame would have exceeded the outbox's limits. Returned once per outbox: the outbox has sealed itself and
     * dropped its queue, and the caller must hand off closing the session as a slow consumer.
     */
    OVERFLOW,

    /** The outbox was already sealed (closed, overflowed, failed or discarded); the frame was dropped. */
    CLOSED
}
