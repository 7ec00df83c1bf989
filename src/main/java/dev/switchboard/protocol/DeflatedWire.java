package dev.switchboard.protocol;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * RFC 7692 permessage-deflate of one whole text message with no context taken over from earlier messages, so the
 * same bytes are valid for every connection that negotiated {@code server_no_context_takeover}. Stateless.
 */
final class DeflatedWire {

    /**
     * Payloads smaller than this are sent uncompressed (RFC 7692 lets a sender choose per message): on a short
     * frame the saving is a few bytes and the CPU cost is not.
     */
    static final int MIN_PAYLOAD_BYTES = 512;
    /** FIN, RSV1 (compressed), text. */
    private static final int FIN_RSV1_TEXT = 0xC1;
    /** The empty stored block a sync flush ends with, which RFC 7692 7.2.1 removes from the payload. */
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    private DeflatedWire() {
    }

    /**
     * @param payload the message's UTF-8 bytes, {@code length} of them from {@code offset}
     * @return the compressed frame (header and payload), or null when compressing would not make it smaller
     */
    static byte[] frame(byte[] payload, int offset, int length) {
        if (length < MIN_PAYLOAD_BYTES) {
            return null;
        }
        byte[] deflated = deflate(payload, offset, length);
        int n = deflated.length;
        if (n >= length) {
            return null;
        }
        int header = n <= 125 ? 2 : n <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + n];
        frame[0] = (byte) FIN_RSV1_TEXT;
        if (n <= 125) {
            frame[1] = (byte) n;
        } else if (n <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        System.arraycopy(deflated, 0, frame, header, n);
        return frame;
    }

    /** Raw DEFLATE with a sync flush, its trailing empty block removed. */
    private static byte[] deflate(byte[] payload, int offset, int length) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(payload, offset, length);
            byte[] out = new byte[length / 2 + 64];
            int have = 0;
            while (true) {
                have += deflater.deflate(out, have, out.length - have, Deflater.SYNC_FLUSH);
                if (have < out.length) {
                    break;
                }
                out = Arrays.copyOf(out, out.length * 2);
            }
            boolean tail = have >= 4 && Arrays.equals(out, have - 4, have, TAIL, 0, 4);
            return Arrays.copyOf(out, tail ? have - 4 : have);
        } finally {
            deflater.end();
        }
    }
}
