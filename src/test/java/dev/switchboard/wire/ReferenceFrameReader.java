package dev.switchboard.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fuzz tests' oracle for {@link FrameSizeGate}: reads a whole byte stream at once, the plain way (no state
 * kept across reads), and says what the gate must hand on: everything up to the header of the first frame no
 * client may send (unmasked, or a 64-bit length with its top bit set), then one masked 1002 close; or up to the
 * header of the first data frame that makes its message exceed the limit, then one masked 1009 close; without such
 * a frame, everything but an incomplete trailing header.
 */
final class ReferenceFrameReader {

    /** What the gate must hand on, and whether it must have refused a message. */
    record Verdict(byte[] output, boolean refused) {
    }

    private ReferenceFrameReader() {
    }

    /** What the gate must output for {@code stream}, judged against {@code max} message bytes. */
    static Verdict expected(byte[] stream, long max, FrameSizeGate.Refusal tooBig,
            FrameSizeGate.Refusal protocolError) {
        long message = 0;
        int at = 0;
        while (at < stream.length) {
            int headerLength = headerLength(stream, at);
            if (headerLength < 0 || at + headerLength > stream.length) {
                return new Verdict(Arrays.copyOf(stream, at), false);
            }
            int opcode = stream[at] & 0x0F;
            long payload = payloadLength(stream, at);
            if ((stream[at + 1] & 0x80) == 0 || payload < 0) {
                return refused(stream, at, protocolError);
            }
            boolean data = opcode <= 0x2;
            // Unsigned: a length with its top bit set is larger than any limit. Sums stay small: each part <= max.
            boolean over = data && (Long.compareUnsigned(payload, max) > 0
                    || (opcode == 0x0 ? message + payload : payload) > max);
            if (over) {
                return refused(stream, at, tooBig);
            }
            if (data) {
                message = opcode == 0x0 ? message + payload : payload;
            }
            long left = stream.length - (at + (long) headerLength);
            if (Long.compareUnsigned(payload, left) >= 0) {
                return new Verdict(stream.clone(), false);
            }
            at += headerLength + (int) payload;
        }
        return new Verdict(stream.clone(), false);
    }

    private static Verdict refused(byte[] stream, int at, FrameSizeGate.Refusal refusal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(stream, 0, at);
        out.writeBytes(close(refusal.code(), refusal.reason().getBytes(StandardCharsets.UTF_8)));
        return new Verdict(out.toByteArray(), true);
    }

    /** @return the header's length, or -1 when even its first two bytes are not there */
    private static int headerLength(byte[] s, int at) {
        if (at + 2 > s.length) {
            return -1;
        }
        int len7 = s[at + 1] & 0x7F;
        int extended = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        return 2 + extended + ((s[at + 1] & 0x80) != 0 ? 4 : 0);
    }

    /**
     * The payload length as RFC 6455 encodes it, to be read as an unsigned number (a set top bit makes it huge).
     */
    private static long payloadLength(byte[] s, int at) {
        int len7 = s[at + 1] & 0x7F;
        if (len7 < 126) {
            return len7;
        }
        int bytes = len7 == 126 ? 2 : 8;
        long n = 0;
        for (int i = 0; i < bytes; i++) {
            n = (n << 8) | (s[at + 2 + i] & 0xFFL);
        }
        return n;
    }

    /** The masked (zero key) close frame a client would send with this code and reason. */
    static byte[] close(int code, byte[] reason) {
        ByteBuffer frame = ByteBuffer.allocate(8 + reason.length);
        frame.put((byte) 0x88).put((byte) (0x80 | (2 + reason.length))).putInt(0);
        frame.put((byte) (code >> 8)).put((byte) code).put(reason);
        return frame.array();
    }
}
