package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire form of a server text frame, checked against RFC 6455 section 5.2 byte by byte. */
class OutboundFrameTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void headerCarriesFinTextAndThePayloadLengthInTheShortestForm(int length) {
        OutboundFrame frame = OutboundFrame.of("a".repeat(length));
        ByteBuffer wire = frame.wire();

        assertThat(wire.get() & 0xFF).as("FIN + opcode 1 (text), no RSV bits").isEqualTo(0x81);
        int len7 = wire.get() & 0xFF;
        assertThat(len7 & 0x80).as("server frames are not masked").isZero();
        long declared;
        if (length <= 125) {
            declared = len7;
        } else if (length <= 0xFFFF) {
            assertThat(len7).isEqualTo(126);
            declared = wire.getShort() & 0xFFFF;
        } else {
            assertThat(len7).isEqualTo(127);
            declared = wire.getLong();
        }
        assertThat(declared).isEqualTo(length);
        assertThat(wire.remaining()).isEqualTo(length);
        assertThat(frame.payloadBytes()).isEqualTo(length);
        assertThat(frame.wireBytes()).isEqualTo(wire.position() + length);
    }

    @Test
    void payloadIsTheTextInUtf8() {
        String text = "h\u00e9 \u2713 \uD83D\uDE00";
        OutboundFrame frame = OutboundFrame.of(text);
        ByteBuffer wire = frame.wire();
        wire.position(2);
        byte[] payload = new byte[wire.remaining()];
        wire.get(payload);

        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(frame.payloadBytes()).as("1 + 2 + 1 + 3 + 1 + 4").isEqualTo(12);
        assertThat(frame.text()).isSameAs(text);
    }

    @Test
    void everyWireViewIsIndependentAndReadOnly() {
        OutboundFrame frame = OutboundFrame.of("shared");
        ByteBuffer first = frame.wire();
        first.position(first.limit());

        ByteBuffer second = frame.wire();
        assertThat(second.position()).isZero();
        assertThat(second.remaining()).isEqualTo(8);
        assertThat(second.isReadOnly()).isTrue();

        ByteBuffer copy = ByteBuffer.allocate(16);
        frame.copyWireTo(copy);
        frame.copyWireTo(copy);
        assertThat(copy.position()).isEqualTo(16);
    }

    @Test
    void theDeflatedFormIsOneRsv1FrameThatInflatesToThePayloadAndIsMadeOnce() throws Exception {
        String text = "{\"type\":\"message\",\"data\":\"" + "abc".repeat(2000) + "\"}";
        OutboundFrame frame = OutboundFrame.of(text);
        ByteBuffer deflated = frame.deflatedWire();
        assertThat(deflated.get(0) & 0xFF).as("FIN + RSV1 + text").isEqualTo(0xC1);
        int len7 = deflated.get(1) & 0x7F;
        int header = len7 == 126 ? 4 : 2;
        int length = len7 == 126 ? deflated.getShort(2) & 0xFFFF : len7;
        assertThat(deflated.remaining()).isEqualTo(header + length);
        byte[] payload = new byte[length + 4];
        deflated.position(header).get(payload, 0, length);
        payload[length + 2] = (byte) 0xFF;
        payload[length + 3] = (byte) 0xFF;
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        inflater.setInput(payload);
        byte[] out = new byte[text.length() + 10];
        int n = inflater.inflate(out);
        inflater.end();
        assertThat(new String(out, 0, n, StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(frame.deflatedWire()).as("the same bytes every time").isEqualTo(frame.deflatedWire().rewind());
    }

    @Test
    void aShortPayloadIsSentUncompressedToDeflatingConnectionsToo() {
        OutboundFrame frame = OutboundFrame.of("{\"type\":\"pong\"}");
        assertThat(frame.deflatedWire()).isEqualTo(frame.wire());
    }
}
