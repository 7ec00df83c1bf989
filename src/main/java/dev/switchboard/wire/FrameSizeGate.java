package dev.switchboard.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Enforces {@code max.message.bytes} on one connection's raw bytes before the WebSocket implementation buffers
 * them: an oversize message is refused at its first frame header with a synthetic 1009 close, later input dropped.
 * A header no client may send (unmasked, or a 64-bit length with its top bit set: RFC 6455 5.1, 5.2) is refused
 * the same way with 1002. Not thread-safe (reads come one at a time). See docs/design-notes.md, "The frame-size
 * gate".
 */
public final class FrameSizeGate {

    /**
     * How the gate refuses: the close code and reason of the synthetic close frame it hands on.
     *
     * @param code   a close code of the hub's catalogue
     * @param reason at most 123 bytes of UTF-8
     */
    public record Refusal(int code, String reason) {
        public Refusal {
            if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
                throw new IllegalArgumentException("A close reason is at most 123 bytes");
            }
        }
    }

    /** Receives what the gate lets through, in order. */
    @FunctionalInterface
    public interface Sink {
        /** @param slice bytes to hand on; the sink consumes them (advances the position) or copies them */
        void accept(ByteBuffer slice);
    }

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;

    private final Sink next;
    private final long maxMessageBytes;
    private final Refusal tooBig;
    private final Refusal protocolError;
    private final byte[] header = new byte[FrameHeader.MAX];
    private int headerHave;
    private int stashed;
    private long payloadLeft;
    private boolean inPayload;
    private long messageBytes;
    private volatile boolean discarding;

    /**
     * @param maxMessageBytes the largest message, summed over its frames, in bytes
     * @param tooBig          the refusal of an oversize message (1009)
     * @param protocolError   the refusal of a frame header no client may send (1002)
     * @param next            where allowed bytes and the synthetic close go
     */
    public FrameSizeGate(long maxMessageBytes, Refusal tooBig, Refusal protocolError, Sink next) {
        this.next = next;
        this.maxMessageBytes = maxMessageBytes;
        this.tooBig = tooBig;
        this.protocolError = protocolError;
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
            long payload = FrameHeader.payloadLength(header);
            Refusal refusal = judge(payload);
            if (refusal != null) {
                forward(data, forwardFrom, stashed > 0 ? forwardFrom : headerStart);
                refuse(refusal);
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
        return headerHave < 2 ? 2 : FrameHeader.length(header);
    }

    /** @return the refusal this complete header earns, or null to let its frame through */
    private Refusal judge(long payload) {
        // A client masks every frame (5.1); a 64-bit length has its most significant bit clear (5.2).
        if ((header[1] & 0x80) == 0 || payload < 0) {
            return protocolError;
        }
        return admit(header[0] & 0x0F, payload) ? null : tooBig;
    }

    private boolean admit(int opcode, long payload) {
        if (opcode == OP_TEXT || opcode == OP_BINARY) {
            messageBytes = payload;
        } else if (opcode == OP_CONTINUATION) {
            messageBytes += payload;
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

    private void refuse(Refusal refusal) {
        discarding = true;
        next.accept(FrameHeader.syntheticClose(refusal));
    }
}
