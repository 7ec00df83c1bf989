package dev.switchboard.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.Deflate;
import dev.switchboard.testing.RawFrame;
import dev.switchboard.testing.WireFrames;

/** The inbound half of permessage-deflate: compressed messages re-framed inflated, at any split of the input. */
class MessageInflaterTest {

    private static final FrameSizeGate.Refusal INVALID = new FrameSizeGate.Refusal(1007, "Invalid");
    private static final FrameSizeGate.Refusal PROTOCOL = new FrameSizeGate.Refusal(1002, "Protocol");

    @Test
    void aCompressedMessageSplitAnywhereComesOutInflatedWithControlFramesInPlace() {
        byte[] text = "hello, hello, hello, compressed world ".repeat(40).getBytes(StandardCharsets.UTF_8);
        RawFrame[] parts = RawFrame.fragments(RawFrame.TEXT, Deflate.compressAlone(text), 3);
        parts[0] = parts[0].rsv(RawFrame.RSV1);
        byte[] ping = RawFrame.of(RawFrame.PING, new byte[] {7}).bytes();
        byte[] stream = WireFrames.concat(parts[0].bytes(), ping, parts[1].bytes(), parts[2].bytes());
        for (int cut = 0; cut <= stream.length; cut += 7) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MessageInflater inflater = new MessageInflater(b -> {
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                out.writeBytes(copy);
            }, () -> false, INVALID, PROTOCOL);
            inflater.handle(ByteBuffer.wrap(stream, 0, cut));
            inflater.handle(ByteBuffer.wrap(stream, cut, stream.length - cut));
            inflater.close();
            List<int[]> frames = WireFrames.parse(out.toByteArray());
            List<Integer> opcodes = new ArrayList<>();
            frames.forEach(f -> opcodes.add(f[0]));
            assertThat(opcodes).as("split at %d: a ping among the fragments, no close", cut).contains(0x9)
                    .doesNotContain(0x8);
            assertThat(inflatedText(out.toByteArray())).as("split at %d", cut).isEqualTo(text);
        }
    }

    @Test
    void dataThatDoesNotInflateIsRefusedWith1007() {
        List<int[]> frames = run(RawFrame.of(RawFrame.TEXT, new byte[] {(byte) 0xFF, (byte) 0xFF, 1, 2})
                .rsv(RawFrame.RSV1).bytes());
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).containsExactly(0x8, 1007);
    }

    @Test
    void aNewMessageInsideACompressedOneIsRefusedWith1002() {
        RawFrame[] parts = RawFrame.fragments(RawFrame.TEXT, Deflate.compressAlone(new byte[100]), 2);
        List<int[]> frames = run(WireFrames.concat(parts[0].rsv(RawFrame.RSV1).bytes(),
                RawFrame.text("{}").bytes()));
        assertThat(frames.get(frames.size() - 1)).containsExactly(0x8, 1002);
    }

    private static List<int[]> run(byte[] stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageInflater inflater = new MessageInflater(b -> {
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            out.writeBytes(copy);
        }, () -> false, INVALID, PROTOCOL);
        inflater.handle(ByteBuffer.wrap(stream));
        inflater.close();
        return WireFrames.parse(out.toByteArray());
    }

    /** The payloads of the text message's frames (opcode 1 then continuations), unmasked, without RSV1. */
    private static byte[] inflatedText(byte[] frames) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.wrap(frames);
        while (b.hasRemaining()) {
            int first = b.get() & 0xFF;
            assertThat(first & 0x70).as("no RSV bit after inflating").isZero();
            int second = b.get() & 0xFF;
            long len = second & 0x7F;
            len = len == 126 ? b.getShort() & 0xFFFF : len == 127 ? b.getLong() : len;
            byte[] mask = new byte[4];
            b.get(mask);
            byte[] payload = new byte[(int) len];
            b.get(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            if ((first & 0x0F) <= 2) {
                text.writeBytes(payload);
            }
        }
        return text.toByteArray();
    }
}
