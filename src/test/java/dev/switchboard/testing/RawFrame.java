package dev.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Any RFC 6455 frame a client could put on the wire, valid or not: FIN, RSV bits, any opcode, masked or not, the
 * payload length in its shortest encoding or a longer one. Immutable; every setter returns a copy.
 */
public final class RawFrame {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;
    /** RSV1, the bit permessage-deflate gives to a compressed message's first frame. */
    public static final int RSV1 = 0x40;
    public static final int RSV2 = 0x20;
    public static final int RSV3 = 0x10;

    private final boolean fin;
    private final int rsv;
    private final int opcode;
    private final byte[] payload;
    private final boolean masked;

    private RawFrame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        this.fin = fin;
        this.rsv = rsv;
        this.opcode = opcode;
        this.payload = payload;
        this.masked = masked;
    }

    /** @return a final, masked frame of this opcode and payload */
    public static RawFrame of(int opcode, byte[] payload) {
        return new RawFrame(true, 0, opcode, payload.clone(), true);
    }

    /** @return a final, masked text frame of this text's UTF-8 */
    public static RawFrame text(String text) {
        return of(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a final, masked close frame with this code and reason (a code of -1: no payload at all) */
    public static RawFrame close(int code, byte[] reason) {
        if (code < 0) {
            return of(CLOSE, new byte[0]);
        }
        return of(CLOSE, ByteBuffer.allocate(2 + reason.length).putShort((short) code).put(reason).array());
    }

    public RawFrame fin(boolean last) {
        return new RawFrame(last, rsv, opcode, payload, masked);
    }

    /** @param bits RSV bits as they sit in the first byte ({@link #RSV1}, {@link #RSV2}, {@link #RSV3}) */
    public RawFrame rsv(int bits) {
        return new RawFrame(fin, bits, opcode, payload, masked);
    }

    public RawFrame masked(boolean mask) {
        return new RawFrame(fin, rsv, opcode, payload, mask);
    }

    /** @return the frame's bytes, its payload masked with a random key when masked */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write((fin ? 0x80 : 0) | rsv | opcode);
        int maskBit = masked ? 0x80 : 0;
        int n = payload.length;
        if (n <= 125) {
            out.write(maskBit | n);
        } else if (n <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(maskBit | 127);
            out.writeBytes(ByteBuffer.allocate(8).putLong(n).array());
        }
        if (!masked) {
            out.writeBytes(payload);
            return out.toByteArray();
        }
        byte[] key = new byte[4];
        ThreadLocalRandom.current().nextBytes(key);
        out.writeBytes(key);
        byte[] body = Arrays.copyOf(payload, n);
        for (int i = 0; i < n; i++) {
            body[i] ^= key[i & 3];
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** @return {@code message} in {@code parts} frames of about equal size: {@code opcode}, then continuations */
    public static RawFrame[] fragments(int opcode, byte[] message, int parts) {
        RawFrame[] frames = new RawFrame[parts];
        int size = (message.length + parts - 1) / Math.max(1, parts);
        for (int i = 0; i < parts; i++) {
            int from = Math.min(message.length, i * size);
            int to = i == parts - 1 ? message.length : Math.min(message.length, from + size);
            byte[] part = Arrays.copyOfRange(message, from, to);
            frames[i] = of(i == 0 ? opcode : CONTINUATION, part).fin(i == parts - 1);
        }
        return frames;
    }

    /** @return the frames' bytes, one after another */
    public static byte[] concat(RawFrame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (RawFrame f : frames) {
            out.writeBytes(f.bytes());
        }
        return out.toByteArray();
    }
}
