package dev.switchboard.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reading an RFC 6455 frame header from its bytes, and the synthetic close frames gates hand on. Stateless. */
final class FrameHeader {

    /** The longest frame header: 2 bytes, 8 of extended length, 4 of mask. */
    static final int MAX = 14;

    private FrameHeader() {
    }

    /** @return the header's full length, from its first two bytes */
    static int length(byte[] header) {
        int len7 = header[1] & 0x7F;
        int extended = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        int mask = (header[1] & 0x80) != 0 ? 4 : 0;
        return 2 + extended + mask;
    }

    /** @return the payload length of a complete header; negative for a 64-bit length with its top bit set */
    static long payloadLength(byte[] header) {
        int len7 = header[1] & 0x7F;
        if (len7 == 126) {
            return ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
        }
        if (len7 == 127) {
            long n = 0;
            for (int i = 2; i < 10; i++) {
                n = (n << 8) | (header[i] & 0xFFL);
            }
            return n;
        }
        return len7;
    }

    /** @return a masked (zero key) close frame with the refusal's code and reason, as a client would send it */
    static ByteBuffer syntheticClose(FrameSizeGate.Refusal refusal) {
        byte[] reason = refusal.reason().getBytes(StandardCharsets.UTF_8);
        int code = refusal.code();
        ByteBuffer frame = ByteBuffer.allocate(2 + 4 + 2 + reason.length);
        frame.put((byte) 0x88).put((byte) (0x80 | (2 + reason.length))).putInt(0);
        frame.put((byte) (code >> 8)).put((byte) code).put(reason);
        frame.flip();
        return frame;
    }
}
