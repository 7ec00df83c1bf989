package dev.switchboard.outbox;

import java.util.List;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.OutboundFrame;

/**
 * What an {@link Outbox} writes through (the endpoint layer's, over a session). Called by one drain at a time, but
 * {@link #close} may come while a write is in flight, even during {@code sendTexts}: that is how a stuck write is
 * abandoned, so implementations must be thread-safe.
 */
public interface Transport {

    /**
     * @return the most text frames one {@link #sendTexts} call may carry, at least 1. A transport that can only send
     *         one message at a time (the {@code jakarta.websocket} API) says 1; one that writes the frames' wire bytes
     *         itself can take several queued frames in one socket write.
     */
    default int maxFramesPerWrite() {
        return 1;
    }

    /**
     * Starts an asynchronous write of text frames, in order, as one write. Never blocks.
     *
     * <p>Calls {@code callback} exactly once, possibly synchronously on the calling thread before returning; the
     * outbox copes with that without recursion. If this method throws, the outbox treats it as a failed write.
     *
     * @param frames   one frame, or up to {@link #maxFramesPerWrite()}; the list is not modified afterwards
     * @param callback notified when the write completed or failed
     */
    void sendTexts(List<OutboundFrame> frames, WriteCallback callback);

    /**
     * Starts an asynchronous ping control frame. Never blocks. Calls {@code callback} exactly once, possibly
     * synchronously.
     *
     * @param callback notified when the ping was written or failed
     */
    void sendPing(WriteCallback callback);

    /**
     * Sends a close frame with this code and reason, and closes the connection. Tearing down a peer that never reads
     * is the transport's job: writes still in flight must eventually have their callbacks failed. Never blocks.
     * Idempotent.
     *
     * @param code the close code and reason sent to the peer
     */
    void close(CloseCode code);
}
