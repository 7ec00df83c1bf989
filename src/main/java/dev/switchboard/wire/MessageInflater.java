package dev.switchboard.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The inbound half of permessage-deflate (RFC 7692) on one connection's raw, masked client frames: a compressed
 * message (RSV1 on its first frame) is inflated as it streams in and handed on as plain fragments of at most
 * {@link #CHUNK} bytes, so a size gate after it counts inflated bytes and a message is never inflated further than
 * the gate allows ({@code refused} stops it). Every other frame passes unchanged. Undecodable data is refused with
 * a synthetic close (1007); a new message inside a compressed one with 1002. Not thread-safe (reads come one at a
 * time); {@link #close()} frees the native inflater.
 */
public final class MessageInflater implements AutoCloseable {

    /** The most inflated bytes one handed-on fragment carries. */
    static final int CHUNK = 16 * 1024;
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};
    private static final int RSV1 = 0x40;
    private static final int RSV2_RSV3 = 0x30;

    private final FrameSizeGate.Sink next;
    private final BooleanSupplier refused;
    private final FrameSizeGate.Refusal invalidData;
    private final FrameSizeGate.Refusal protocolError;
    private final byte[] header = new byte[14];
    /** The masking key of the frame in progress, if {@link #masked}. */
    private final byte[] mask = new byte[4];
    private boolean masked;
    private int headerHave;
    private long payloadLeft;
    private long payloadAt;
    private boolean inflating;
    private boolean fin;
    private boolean inMessage;
    private int opcode;
    private boolean emittedFirst;
    private boolean discarding;
    private Inflater inflater;
    private byte[] out;
    private int outHave;

    /**
     * @param next          where frames go (a size gate, then the WebSocket implementation)
     * @param refused       whether {@code next} has refused the connection: inflating stops at once
     * @param invalidData   the refusal of data that does not inflate (1007)
     * @param protocolError the refusal of a new message inside a compressed one (1002)
     */
    public MessageInflater(FrameSizeGate.Sink next, BooleanSupplier refused, FrameSizeGate.Refusal invalidData,
            FrameSizeGate.Refusal protocolError) {
        this.next = next;
        this.refused = refused;
        this.invalidData = invalidData;
        this.protocolError = protocolError;
    }

    /** Inflates or passes on {@code data}; consumes all of it. */
    public void handle(ByteBuffer data) {
        while (data.hasRemaining() && !stopped()) {
            if (payloadLeft > 0) {
                payload(data);
                continue;
            }
            header[headerHave++] = data.get();
            if (headerHave >= 2 && headerHave == FrameHeader.length(header)) {
                startFrame();
            }
        }
        if (stopped()) {
            data.position(data.limit());
        }
    }

    private boolean stopped() {
        if (!discarding && refused.getAsBoolean()) {
            discarding = true;
        }
        return discarding;
    }

    private void startFrame() {
        int op = header[0] & 0x0F;
        boolean rsv1 = (header[0] & RSV1) != 0;
        boolean data = op == 0x1 || op == 0x2;
        payloadLeft = FrameHeader.payloadLength(header);
        payloadAt = 0;
        fin = (header[0] & 0x80) != 0;
        int length = headerHave;
        headerHave = 0;
        masked = (header[1] & 0x80) != 0;
        if (masked) {
            System.arraycopy(header, length - 4, mask, 0, 4);
        }
        if (data && inMessage) {
            // A new message inside a compressed one: what was handed on may not show the fragment sequence.
            refuse(protocolError);
            return;
        }
        inflating = (data && rsv1) || (op == 0 && inMessage && !rsv1);
        if (inflating && (header[0] & RSV2_RSV3) != 0) {
            // No extension gives these bits a meaning (RFC 6455 5.2); re-framed, they would be lost.
            refuse(protocolError);
            return;
        }
        if (!inflating) {
            next.accept(ByteBuffer.wrap(Arrays.copyOf(header, length)));
            return;
        }
        if (data) {
            inMessage = true;
            opcode = op;
            emittedFirst = false;
        }
        if (payloadLeft == 0 && fin) {
            endMessage();
        }
    }

    private void payload(ByteBuffer data) {
        int n = (int) Math.min(payloadLeft, data.remaining());
        if (!inflating) {
            ByteBuffer slice = data.duplicate();
            slice.limit(slice.position() + n);
            next.accept(slice.slice());
            data.position(data.position() + n);
            payloadLeft -= n;
            return;
        }
        byte[] compressed = new byte[n];
        data.get(compressed);
        if (masked) {
            unmask(compressed);
        }
        payloadAt += n;
        payloadLeft -= n;
        if (inflate(compressed) && payloadLeft == 0 && fin) {
            endMessage();
        }
    }

    private void unmask(byte[] bytes) {
        long at = payloadAt;
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] ^= mask[(int) ((at + i) & 3)];
        }
    }

    /** @return false if inflating stopped the connection */
    private boolean inflate(byte[] compressed) {
        if (inflater == null) {
            inflater = new Inflater(true);
            out = new byte[CHUNK];
        }
        inflater.setInput(compressed);
        try {
            while (true) {
                int k = inflater.inflate(out, outHave, out.length - outHave);
                outHave += k;
                if (outHave == out.length) {
                    emit(false);
                    if (stopped()) {
                        return false;
                    }
                } else if (k == 0) {
                    return true;
                }
            }
        } catch (DataFormatException e) {
            refuse(invalidData);
            return false;
        }
    }

    private void endMessage() {
        if (!inflate(TAIL)) {
            return;
        }
        emit(true);
        inMessage = false;
        if (inflater.finished()) {
            // The client ended its DEFLATE stream (BFINAL): its next message starts a new one.
            inflater.reset();
        }
    }

    /** Hands on the inflated bytes gathered so far as one masked (zero key) fragment. */
    private void emit(boolean last) {
        int n = outHave;
        int len = n <= 125 ? 0 : n <= 0xFFFF ? 2 : 8;
        ByteBuffer frame = ByteBuffer.allocate(2 + len + 4 + n);
        frame.put((byte) ((last ? 0x80 : 0) | (emittedFirst ? 0 : opcode)));
        if (len == 0) {
            frame.put((byte) (0x80 | n));
        } else if (len == 2) {
            frame.put((byte) (0x80 | 126)).putShort((short) n);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(n);
        }
        frame.putInt(0).put(out, 0, n).flip();
        emittedFirst = true;
        outHave = 0;
        next.accept(frame);
    }

    private void refuse(FrameSizeGate.Refusal refusal) {
        discarding = true;
        next.accept(FrameHeader.syntheticClose(refusal));
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
        }
    }
}
