package dev.switchboard.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Enforces {@code max.message.bytes} on one connection's raw bytes before the WebSocket implementation buffers
 * them: an oversize message is refused at its first frame header with a synthetic 1009 close, later input dropped.
 * Not thread-safe (reads come one at a time). See docs/design-notes.md, "The frame-size gate".
 */
public final class FrameSizeGate {

    /** Receives what the gate lets through, in order. */
    @FunctionalInterface
    public interface Sink {
        /** @param slice bytes to hand on; the sink consumes them (advances the position) or copies them */
        void accept(ByteBuffer slice);
    }

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    /** The longest frame header: 2 bytes, 8 of extended length, 4 of mask. */
    private static final int MAX_HEADER = 14;

    private final Sink next;
    private final long maxMessageBytes;
    private final int closeCode;
    private final byte[] closeReason;
    private final byte[] header = new byte[MAX_HEADER];
    private int headerHave;
    private int stashed;
    private long payloadLeft;
    private boolean inPayload;
    private long messageBytes;
    private volatile boolean discarding;

    /**
     * @param maxMessageBytes the largest message, summed over its frames, in bytes
     * @param closeCode       the close code of the synthetic close frame (1009, from the hub's catalogue)
     * @param closeReason     its reason, at most 123 bytes of UTF-8
     * @param next            where allowed bytes and the synthetic close go
     */
    public FrameSizeGate(long maxMessageBytes, int closeCode, String closeReason, Sink next) {
        this.next = next;
        this.maxMessageBytes = maxMessageBytes;
        this.closeCode = closeCode;
        this.closeReason = closeReason.getBytes(StandardCharsets.UTF_8);
        if (this.closeReason.length > 123) {
            throw new IllegalArgumentException("A close reason is at most 123 bytes");
        }
    }

    /** @return whether an oversize message was refused and input is now being dropped; readable from any thread */
    public boolean isDiscarding() {
        return discarding;
    }

    /** Judges {@code data} and hands on what is allowed; consumes all of it. */
    public void handle(ByteBuffer data) {
        if (discarding) {
            data.position(data.limit());
            return;
        }
        int forwardFrom = data.position();
        while (data.hasRemaining()) {
            if (inPayload) {
                int n = (int) Math.min(payloadLeft, data.remaining());
                data.position(data.position() + n);
                payloadLeft -= n;
                if (payloadLeft == 0) {
                    inPayload = false;
                }
                continue;
            }
            int headerStart = data.position() - (headerHave - stashed);
            header[headerHave++] = data.get();
            if (headerHave < headerLength()) {
                continue;
            }
            long payload = payloadLength();
            if (!admit(header[0] & 0x0F, payload)) {
                forward(data, forwardFrom, stashed > 0 ? forwardFrom : headerStart);
                refuse();
                data.position(data.limit());
                return;
            }
            if (stashed > 0) {
                // A copy: the sink may keep it past this call, and the next header reuses the array.
                next.accept(ByteBuffer.wrap(Arrays.copyOf(header, stashed)));
            }
            headerHave = 0;
            stashed = 0;
            payloadLeft = payload;
            inPayload = payload > 0;
        }
        // Header bytes that end this chunk are held back until the header is complete and judged.
        int held = headerHave - stashed;
        forward(data, forwardFrom, data.limit() - held);
        stashed = headerHave;
    }

    /** @return the header's full length once its first two bytes are known (2 until then) */
    private int headerLength() {
        if (headerHave < 2) {
            return 2;
        }
        int len7 = header[1] & 0x7F;
        int extended = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        int mask = (header[1] & 0x80) != 0 ? 4 : 0;
        return 2 + extended + mask;
    }

    private long payloadLength() {
        int len7 = header[1] & 0x7F;
        if (len7 == 126) {
            return ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
        }
        if (len7 == 127) {
            long n = 0;
            for (int i = 2; i < 10; i++) {
                n = (n << 8) | (header[i] & 0xFFL);
            }
            return n < 0 ? Long.MAX_VALUE : n;
        }
        return len7;
    }

    private boolean admit(int opcode, long payload) {
        if (opcode == OP_TEXT || opcode == OP_BINARY) {
            messageBytes = payload;
        } else if (opcode == OP_CONTINUATION) {
            // Saturating: messageBytes <= maxMessageBytes here; a 64-bit length must not wrap the sum below it.
            messageBytes = payload > maxMessageBytes - messageBytes ? Long.MAX_VALUE : messageBytes + payload;
        } else {
            return true;
        }
        return messageBytes <= maxMessageBytes;
    }

    private void forward(ByteBuffer data, int from, int to) {
        if (to > from) {
            ByteBuffer slice = data.duplicate();
            slice.limit(to).position(from);
            next.accept(slice.slice());
        }
    }

    private void refuse() {
        discarding = true;
        next.accept(syntheticClose());
    }

    /** A masked (zero key) close frame carrying the close code, as a client would send it. */
    private ByteBuffer syntheticClose() {
        byte[] reason = closeReason;
        int code = closeCode;
        ByteBuffer frame = ByteBuffer.allocate(2 + 4 + 2 + reason.length);
        frame.put((byte) 0x88).put((byte) (0x80 | (2 + reason.length))).putInt(0);
        frame.put((byte) (code >> 8)).put((byte) code).put(reason);
        frame.flip();
        return frame;
    }
}
