package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Raw WebSocket frames as a client sends them, and a check of what a size gate let through, for the gate's tests. */
public final class WireFrames {

    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CONTINUATION = 0x0;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private WireFrames() {
    }

    /** A masked frame, as a client sends it, with the shortest length encoding and a payload seeded by {@code seed}. */
    public static byte[] frame(boolean fin, int opcode, int length, int seed) {
        ByteBuffer b = ByteBuffer.allocate(14 + length);
        b.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (length < 126) {
            b.put((byte) (0x80 | length));
        } else if (length < 65536) {
            b.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            b.put((byte) (0x80 | 127)).putLong(length);
        }
        b.put(new byte[] {(byte) seed, 0x35, (byte) 0xA1, 0x7E});
        for (int i = 0; i < length; i++) {
            b.put((byte) (seed * 31 + i));
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /** A final masked frame whose length uses the 64-bit encoding. */
    public static byte[] frame127(int opcode, int length) {
        ByteBuffer b = ByteBuffer.allocate(14 + length);
        b.put((byte) (0x80 | opcode)).put((byte) (0x80 | 127)).putLong(length);
        b.put(new byte[] {1, 2, 3, 4});
        for (int i = 0; i < length; i++) {
            b.put((byte) i);
        }
        return b.array();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Asserts the output is {@code allowed} followed by exactly one masked close frame carrying 1009. */
    public static void assertRefused(byte[] out, byte[] allowed, String description) {
        assertRefused(out, allowed, 1009, description);
    }

    /** Asserts the output is {@code allowed} followed by exactly one masked close frame carrying {@code code}. */
    public static void assertRefused(byte[] out, byte[] allowed, int code, String description) {
        assertThat(out.length).as(description).isGreaterThan(allowed.length);
        assertThat(Arrays.copyOf(out, allowed.length)).as(description).isEqualTo(allowed);
        List<int[]> frames = parse(Arrays.copyOfRange(out, allowed.length, out.length));
        assertThat(frames).as(description + ": frames after the allowed bytes").hasSize(1);
        int[] close = frames.get(0);
        assertThat(close[0]).as(description + ": opcode").isEqualTo(0x8);
        assertThat(close[1]).as(description + ": close code").isEqualTo(code);
    }

    /** Parses masked frames: one {opcode, close code or -1} per frame; fails on a truncated frame. */
    public static List<int[]> parse(byte[] bytes) {
        List<int[]> frames = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            int opcode = b.get() & 0x0F;
            int second = b.get() & 0xFF;
            long len = second & 0x7F;
            if (len == 126) {
                len = b.getShort() & 0xFFFF;
            } else if (len == 127) {
                len = b.getLong();
            }
            byte[] mask = new byte[4];
            if ((second & 0x80) != 0) {
                b.get(mask);
            }
            byte[] payload = new byte[(int) len];
            b.get(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            int code = opcode == 0x8 && payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
            frames.add(new int[] {opcode, code});
        }
        return frames;
    }
}
