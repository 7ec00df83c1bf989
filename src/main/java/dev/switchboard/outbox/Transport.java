package dev.switchboard.outbox;

import dev.switchboard.protocol.CloseCode;

/**
 * What an {@link Outbox} writes through; implemented by the endpoint layer over a {@code jakarta.websocket} session.
 *
 * <p>The outbox calls {@link #sendText} and {@link #sendPing} from one drain at a time, so at most one write is in
 * flight. {@link #close} may be called while a write is in flight, even concurrently with a {@code sendText} call:
 * that is how a stuck write is abandoned. Implementations must therefore be thread-safe.
 */
public interface Transport {

    /**
     * Starts an asynchronous write of one text frame. Never blocks.
     *
     * <p>Calls {@code callback} exactly once, possibly synchronously on the calling thread before returning; the
     * outbox copes with that without recursion. If this method throws, the outbox treats it as a failed write.
     *
     * @param text     the frame's payload
     * @param callback notified when the write completed or failed
     */
    void sendText(String text, WriteCallback callback);

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
