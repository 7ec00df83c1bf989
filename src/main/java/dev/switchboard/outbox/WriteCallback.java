package dev.switchboard.outbox;

/**
 * The completion of one {@link Transport} write. Exactly one of the methods is called, exactly once, on any thread
 * (possibly the one that started the write, before the write call returned).
 */
public interface WriteCallback {

    /** The frame was handed to the network. */
    void completed();

    /**
     * The frame could not be written; the transport is broken.
     *
     * @param error why; never sent to the peer
     */
    void failed(Throwable error);
}
