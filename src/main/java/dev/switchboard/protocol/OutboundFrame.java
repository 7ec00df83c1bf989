package dev.switchboard.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A text frame encoded once: its text and its RFC 6455 server-to-client bytes (FIN, text, unmasked). Immutable and
 * thread-safe; one instance per published message, shared by every outbox and by history.
 * See docs/design-notes.md, "Direct frame writes and bounded closes".
 */
public final class OutboundFrame {

    private static final int FIN_TEXT = 0x81;

    private final String text;
    private final byte[] wire;
    private final int headerLength;
    private final Object deflateLock = new Object();
    /** The permessage-deflate frame, made on first use; {@link #wire} itself where compression does not pay. */
    private volatile byte[] deflated;

    private OutboundFrame(String text) {
        this.text = text;
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int n = payload.length;
        this.headerLength = n <= 125 ? 2 : n <= 0xFFFF ? 4 : 10;
        this.wire = new byte[headerLength + n];
        writeHeader(wire, n);
        System.arraycopy(payload, 0, wire, headerLength, n);
    }

    /** @return the frame of this text; encodes it (one UTF-8 pass) */
    public static OutboundFrame of(String text) {
        return new OutboundFrame(Objects.requireNonNull(text, "text"));
    }

    /** @return the frame's text */
    public String text() {
        return text;
    }

    /** @return the payload's size in UTF-8 bytes (an unpaired surrogate counts as the 3 bytes of U+FFFD) */
    public int payloadBytes() {
        return wire.length - headerLength;
    }

    /** @return the size of the whole frame on the wire: header and payload */
    public int wireBytes() {
        return wire.length;
    }

    /** @return a new read-only buffer over the whole frame (header and payload), positioned at its start */
    public ByteBuffer wire() {
        return ByteBuffer.wrap(wire).asReadOnlyBuffer();
    }

    /**
     * The frame compressed for connections that negotiated permessage-deflate (RFC 7692, RSV1 set, no context
     * takeover): compressed once, on first use, and shared like {@link #wire()}. A short payload, or one that does
     * not shrink, is the uncompressed frame, which such connections accept too.
     *
     * @return a new read-only buffer over the whole frame, positioned at its start
     */
    public ByteBuffer deflatedWire() {
        byte[] frame = deflated;
        if (frame == null) {
            // Once per frame: the first of its subscribers' writes compresses, the others wait for those bytes.
            synchronized (deflateLock) {
                frame = deflated;
                if (frame == null) {
                    byte[] compressed = DeflatedWire.frame(wire, headerLength, wire.length - headerLength);
                    frame = compressed != null ? compressed : wire;
                    deflated = frame;
                }
            }
        }
        return ByteBuffer.wrap(frame).asReadOnlyBuffer();
    }

    /** Copies the whole frame into {@code target} at its position, which advances; it must have room. */
    public void copyWireTo(ByteBuffer target) {
        target.put(wire);
    }

    private static void writeHeader(byte[] out, int length) {
        out[0] = (byte) FIN_TEXT;
        if (length <= 125) {
            out[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            out[1] = 126;
            out[2] = (byte) (length >>> 8);
            out[3] = (byte) length;
        } else {
            out[1] = 127;
            long n = length;
            for (int i = 0; i < 8; i++) {
                out[2 + i] = (byte) (n >>> (56 - 8 * i));
            }
        }
    }

    @Override
    public String toString() {
        return "OutboundFrame[" + payloadBytes() + " bytes]";
    }
}
