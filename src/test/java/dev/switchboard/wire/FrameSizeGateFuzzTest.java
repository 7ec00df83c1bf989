package dev.switchboard.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the frame-size gate: any byte stream (raw, or frames built with consistent lengths), any split into
 * reads, any limit. The gate must never throw, never let a message over the limit or a frame no client may send
 * through, and never refuse anything else: its output must be exactly what {@link ReferenceFrameReader} reads from the whole stream at once.
 * Regression mode (the seeds under src/test/resources) runs with the unit tests; {@code scripts/fuzz DURATION}
 * fuzzes for real.
 */
class FrameSizeGateFuzzTest {

    private static final FrameSizeGate.Refusal TOO_BIG = new FrameSizeGate.Refusal(1009, "Message too big");
    private static final FrameSizeGate.Refusal PROTOCOL_ERROR = new FrameSizeGate.Refusal(1002, "Protocol error");

    @FuzzTest(maxDuration = "30s")
    void anyBytesAnySplit(FuzzedDataProvider data) {
        long max = data.consumeLong(0, 70_000);
        int[] reads = readSizes(data);
        byte[] stream = data.consumeRemainingAsBytes();
        check(stream, max, reads);
    }

    @FuzzTest(maxDuration = "30s")
    void builtFramesAnySplit(FuzzedDataProvider data) {
        long max = data.consumeLong(0, 70_000);
        int[] reads = readSizes(data);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int frames = data.consumeInt(0, 12);
        for (int i = 0; i < frames && data.remainingBytes() > 0; i++) {
            writeFrame(data, stream);
        }
        check(stream.toByteArray(), max, reads);
    }

    private static int[] readSizes(FuzzedDataProvider data) {
        int[] reads = new int[data.consumeInt(1, 8)];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = data.consumeInt(1, 300);
        }
        return reads;
    }

    /**
     * One frame: any first byte, masked or not, any length encoding (minimal or not), a payload cut short or not.
     */
    private static void writeFrame(FuzzedDataProvider data, ByteArrayOutputStream out) {
        int first = data.consumeBoolean() ? data.consumeInt(0, 255) : data.pickValue(new int[] {0x01, 0x81, 0x02,
                0x82, 0x00, 0x80, 0x88, 0x89, 0x8A});
        boolean masked = data.consumeBoolean();
        long length = data.consumeBoolean() ? data.consumeLong(0, 70_000) : data.consumeLong();
        int encoding = data.consumeInt(0, 2);
        out.write(first);
        int maskBit = masked ? 0x80 : 0;
        if (encoding == 0 && length >= 0 && length < 126) {
            out.write(maskBit | (int) length);
        } else if (encoding <= 1 && length >= 0 && length < 65536) {
            out.write(maskBit | 126);
            out.write((int) (length >> 8));
            out.write((int) length);
        } else {
            out.write(maskBit | 127);
            out.writeBytes(ByteBuffer.allocate(8).putLong(length).array());
        }
        if (masked) {
            out.writeBytes(data.consumeBytes(4));
        }
        int present = (int) Math.min(Math.max(length, 0), data.consumeInt(0, 4_000));
        out.writeBytes(new byte[present]);
    }

    /**
     * Feeds {@code stream} to a gate in reads of the given sizes (cycled) and compares its output to the oracle.
     */
    private static void check(byte[] stream, long max, int[] reads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameSizeGate gate = new FrameSizeGate(max, TOO_BIG, PROTOCOL_ERROR, slice -> {
            byte[] copy = new byte[slice.remaining()];
            slice.get(copy);
            out.writeBytes(copy);
        });
        int at = 0;
        for (int i = 0; at < stream.length; i++) {
            int n = Math.min(reads[i % reads.length], stream.length - at);
            ByteBuffer read = ByteBuffer.wrap(stream, at, n);
            gate.handle(read);
            assertThat(read.hasRemaining()).as("the gate consumes every read").isFalse();
            at += n;
        }
        ReferenceFrameReader.Verdict expected = ReferenceFrameReader.expected(stream, max, TOO_BIG,
                PROTOCOL_ERROR);
        assertThat(out.toByteArray()).as("what the gate handed on from %s, limit %d, reads %s",
                HexFormat.of().formatHex(stream), max, Arrays.toString(reads))
                .isEqualTo(expected.output());
        assertThat(gate.isDiscarding()).as("refused exactly when the oracle refused")
                .isEqualTo(expected.refused());
    }
}
