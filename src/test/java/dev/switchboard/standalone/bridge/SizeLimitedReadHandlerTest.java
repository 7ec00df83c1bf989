package dev.switchboard.standalone.bridge;

import static dev.switchboard.testing.WireFrames.BINARY;
import static dev.switchboard.testing.WireFrames.CONTINUATION;
import static dev.switchboard.testing.WireFrames.PING;
import static dev.switchboard.testing.WireFrames.PONG;
import static dev.switchboard.testing.WireFrames.TEXT;
import static dev.switchboard.testing.WireFrames.assertRefused;
import static dev.switchboard.testing.WireFrames.concat;
import static dev.switchboard.testing.WireFrames.frame127;
import static dev.switchboard.testing.WireFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.glassfish.tyrus.spi.ReadHandler;
import org.junit.jupiter.api.Test;

/**
 * The raw-stream size guard, fed chunked byte streams through a recording fake: what it forwards must be exactly
 * what a peer sent, up to the first header that takes a message over the limit, followed by one synthetic close.
 */
class SizeLimitedReadHandlerTest {

    private static final int LIMIT = 1000;

    /** Records a copy of every buffer it is handed, and consumes it as Tyrus would. */
    private static final class RecordingReader implements ReadHandler {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void handle(ByteBuffer data) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            bytes.writeBytes(copy);
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    @Test
    void allowedFramesSplitAtEveryByteBoundaryAreForwardedByteIdentical() {
        byte[] stream = concat(
                frame(true, TEXT, 5, 7),
                frame(true, TEXT, 200, 7),           // 16-bit extended length
                frame(true, BINARY, LIMIT, 7),        // exactly the limit
                frame(false, TEXT, 400, 7),
                frame(true, PING, 4, 7),              // control frame inside a fragmented message
                frame(false, CONTINUATION, 300, 7),
                frame(true, PONG, 0, 7),
                frame(true, CONTINUATION, 300, 7),    // 1000 in all: exactly the limit
                frame127(TEXT, 10),                   // 64-bit extended length
                frame(true, TEXT, 0, 7));
        for (int cut = 0; cut <= stream.length; cut++) {
            RecordingReader out = new RecordingReader();
            SizeLimitedReadHandler guard = new SizeLimitedReadHandler(out, LIMIT);
            feed(guard, stream, cut);
            assertThat(out.bytes()).as("split at %d", cut).isEqualTo(stream);
            assertThat(guard.isDiscarding()).as("split at %d", cut).isFalse();
        }
    }

    @Test
    void allowedFramesFedOneByteAtATimeAreForwardedByteIdentical() {
        byte[] stream = concat(frame(true, TEXT, 130, 1), frame(true, PING, 3, 2), frame127(BINARY, 300),
                frame(true, TEXT, LIMIT, 3));
        RecordingReader out = new RecordingReader();
        SizeLimitedReadHandler guard = new SizeLimitedReadHandler(out, LIMIT);
        for (int i = 0; i < stream.length; i++) {
            guard.handle(ByteBuffer.wrap(stream, i, 1).slice());
        }
        assertThat(out.bytes()).isEqualTo(stream);
    }

    @Test
    void oversizeHeaderSplitAcrossChunksIsRefusedWithExactlyOneClose1009() {
        byte[] allowed = concat(frame(true, TEXT, 20, 1), frame(true, PING, 2, 2));
        byte[] oversize = frame(true, TEXT, LIMIT + 1, 3);
        byte[] after = frame(true, TEXT, 5, 4);
        byte[] stream = concat(allowed, oversize, after);
        for (int cut = 0; cut <= stream.length; cut++) {
            RecordingReader out = new RecordingReader();
            SizeLimitedReadHandler guard = new SizeLimitedReadHandler(out, LIMIT);
            feed(guard, stream, cut);
            guard.handle(ByteBuffer.wrap(frame(true, TEXT, 3, 9)));
            assertRefused(out.bytes(), allowed, "split at " + cut);
            assertThat(guard.isDiscarding()).isTrue();
        }
    }

    @Test
    void oversizeSixtyFourBitLengthHeaderIsRefused() {
        byte[] header = Arrays.copyOf(frame127(BINARY, 0), 14);
        header[2] = (byte) 0x40;
        RecordingReader out = new RecordingReader();
        SizeLimitedReadHandler guard = new SizeLimitedReadHandler(out, LIMIT);
        feed(guard, header, 3);
        assertRefused(out.bytes(), new byte[0], "huge length");
    }

    @Test
    void aSixtyFourBitLengthWithItsTopBitSetIsAProtocolError() {
        byte[] header = Arrays.copyOf(frame127(BINARY, 0), 14);
        // 2^63 and more: a negative long when read naively; RFC 6455 5.2 wants the top bit clear (1002).
        header[2] = (byte) 0x80;
        RecordingReader out = new RecordingReader();
        SizeLimitedReadHandler guard = new SizeLimitedReadHandler(out, LIMIT);
        feed(guard, header, 3);
        assertRefused(out.bytes(), new byte[0], 1002, "top bit of the length set");
    }

    @Test
    void anUnmaskedFrameIsRefusedWith1002AtEverySplit() {
        byte[] allowed = concat(frame(false, TEXT, 20, 1), frame(true, PING, 5, 2));
        byte[] unmasked = frame(true, CONTINUATION, 3, 3);
        unmasked[1] &= 0x7F;
        byte[] stream = concat(allowed, Arrays.copyOf(unmasked, 2), new byte[3]);
        for (int cut = 0; cut <= stream.length; cut++) {
            RecordingReader out = new RecordingReader();
            SizeLimitedReadHandler guard = new SizeLimitedReadHandler(out, LIMIT);
            feed(guard, stream, cut);
            assertRefused(out.bytes(), allowed, 1002, "split at " + cut);
        }
    }

    @Test
    void fragmentsSummingOverTheLimitAreRefusedAtTheFragmentThatCrossesIt() {
        byte[] allowed = concat(frame(false, TEXT, 600, 1), frame(true, PING, 5, 2),
                frame(false, CONTINUATION, 400, 3));
        byte[] crossing = frame(true, CONTINUATION, 1, 4);
        byte[] stream = concat(allowed, crossing);
        for (int cut = 0; cut <= stream.length; cut++) {
            RecordingReader out = new RecordingReader();
            SizeLimitedReadHandler guard = new SizeLimitedReadHandler(out, LIMIT);
            feed(guard, stream, cut);
            assertRefused(out.bytes(), allowed, "split at " + cut);
        }
    }

    @Test
    void aNewMessageStartsTheCountAgain() {
        byte[] stream = concat(frame(false, TEXT, 900, 1), frame(true, CONTINUATION, 100, 2),
                frame(false, BINARY, 900, 3), frame(true, CONTINUATION, 100, 4));
        RecordingReader out = new RecordingReader();
        new SizeLimitedReadHandler(out, LIMIT).handle(ByteBuffer.wrap(stream));
        assertThat(out.bytes()).isEqualTo(stream);
    }

    /** Feeds {@code stream} in two chunks split at {@code cut}, each a slice with a non-zero offset. */
    private static void feed(SizeLimitedReadHandler guard, byte[] stream, int cut) {
        guard.handle(offsetSlice(stream, 0, cut));
        guard.handle(offsetSlice(stream, cut, stream.length));
    }

    private static ByteBuffer offsetSlice(byte[] stream, int from, int to) {
        byte[] padded = new byte[(to - from) + 6];
        System.arraycopy(stream, from, padded, 3, to - from);
        ByteBuffer b = ByteBuffer.wrap(padded);
        b.position(3).limit(3 + (to - from));
        return b;
    }
}
