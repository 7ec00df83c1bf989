package dev.switchboard.endpoint;

import java.nio.ByteBuffer;
import java.util.List;

import dev.switchboard.outbox.WriteCallback;
import dev.switchboard.protocol.OutboundFrame;

/**
 * Writes encoded text frames and pings straight to a session's connection, in order with the implementation's own
 * writes; offered under {@link #USER_PROPERTY} by a runtime that owns its sockets. Implementations are thread-safe
 * and never block. See docs/design-notes.md, "Direct frame writes and bounded closes".
 */
public interface FrameSink {

    /** The session user property under which a runtime offers a session's sink. */
    String USER_PROPERTY = "switchboard.frameSink";

    /** @return the most frames {@link #write} takes at once, at least 1 */
    int maxFramesPerWrite();

    /**
     * Starts writing these frames' wire bytes, in order, as one write. Never blocks. Calls {@code callback} exactly
     * once, possibly before returning.
     */
    void write(List<OutboundFrame> frames, WriteCallback callback);

    /** Starts writing a ping control frame with no payload. Never blocks. Calls {@code callback} exactly once. */
    void ping(WriteCallback callback);

    /**
     * @return a new buffer over a ping control frame (FIN, opcode 9) with no payload, unmasked as a server sends it
     *         (RFC 6455 5.5.2), for a sink's {@link #ping}
     */
    static ByteBuffer pingFrame() {
        return ByteBuffer.wrap(new byte[] {(byte) 0x89, 0x00});
    }
}
