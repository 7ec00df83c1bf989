package dev.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A client's side of permessage-deflate (RFC 7692) for tests: messages compressed with a sync flush and the
 * trailing {@code 00 00 FF FF} removed, and received compressed messages inflated. One instance per connection (it
 * keeps the sliding windows, as context takeover does); not thread-safe.
 */
public final class Deflate implements AutoCloseable {

    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);

    /** @return the message compressed, using what earlier messages left in the window (context takeover) */
    public byte[] compress(byte[] message) {
        return compress(deflater, message);
    }

    /** @return the message compressed with no context: valid for any peer */
    public static byte[] compressAlone(byte[] message) {
        Deflater alone = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            return compress(alone, message);
        } finally {
            alone.end();
        }
    }

    private static byte[] compress(Deflater d, byte[] message) {
        d.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - TAIL.length);
    }

    /** @return the inflated payload of a compressed message (RSV1 set on its frame) */
    public byte[] inflate(byte[] payload) {
        inflater.setInput(concat(payload, TAIL));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            do {
                n = inflater.inflate(buf);
                out.write(buf, 0, n);
            } while (n > 0);
        } catch (DataFormatException e) {
            throw new AssertionError("the server's compressed message does not inflate", e);
        }
        return out.toByteArray();
    }

    /**
     * @param inflated how many zero bytes the bomb inflates to; compressed alone, DEFLATE's best ratio is ~1000:1
     * @return a compressed message of zeros
     */
    public static byte[] bomb(long inflated) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            byte[] zeros = new byte[1 << 20];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            for (long left = inflated; left > 0; left -= zeros.length) {
                d.setInput(zeros, 0, (int) Math.min(zeros.length, left));
                while (!d.needsInput()) {
                    out.write(buf, 0, d.deflate(buf));
                }
            }
            int n;
            do {
                n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                out.write(buf, 0, n);
            } while (n == buf.length);
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}
