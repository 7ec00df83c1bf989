package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.RawFrame;
import dev.switchboard.testing.RawWsClient;

/**
 * RFC 6455 conformance of the standalone hub, section by section like the Autobahn TestSuite ({@link
 * ConformanceCases}): the frame-size gate and the Grizzly–Tyrus bridge read every byte here, so every case they
 * could break is in. Also the direct write path: frames written straight to Grizzly are well formed at every
 * length boundary and keep whole between Tyrus's own control frames. One hub for the class.
 */
class ConformanceIT {

    /** Above 65536, so that the 64-bit length form is tried below the limit too. */
    static final int LIMIT = 200_000;
    private static final int WINDOW = 10;

    @RegisterExtension
    static final HubExtension hub = HubExtension.withSettings("max.message.bytes", String.valueOf(LIMIT),
            "rate.messages.per.second", "100000", "rate.messages.burst", "100000",
            "rate.bytes.per.second", "100000000", "rate.handshakes.per.second", "10000",
            "rate.handshakes.burst", "10000");

    static Stream<Conformance> framing() {
        return ConformanceCases.framing(LIMIT).stream();
    }

    static Stream<Conformance> pings() {
        return ConformanceCases.pings().stream();
    }

    static Stream<Conformance> reserved() {
        return ConformanceCases.reserved().stream();
    }

    static Stream<Conformance> fragmentation() {
        return ConformanceCases.fragmentation().stream();
    }

    static Stream<Conformance> utf8() {
        return ConformanceCases.utf8().stream();
    }

    static Stream<Conformance> close() {
        return ConformanceCases.close().stream();
    }

    static Stream<Conformance> sizeLimit() {
        return ConformanceCases.sizeLimit(LIMIT).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framing")
    void framing(Conformance c) {
        c.run(this::connect);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pings")
    void pings(Conformance c) {
        c.run(this::connect);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reserved")
    void reservedBitsAndOpcodes(Conformance c) {
        c.run(this::connect);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fragmentation")
    void fragmentation(Conformance c) {
        c.run(this::connect);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("utf8")
    void utf8(Conformance c) {
        c.run(this::connect);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("close")
    void closeHandling(Conformance c) {
        c.run(this::connect);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizeLimit")
    void sizeLimit(Conformance c) {
        c.run(this::connect);
    }

    /**
     * The direct write path: broadcast frames whose payloads cross the 7-bit/16-bit (125/126) and 16-bit/64-bit
     * (65535/65536) length boundaries arrive whole, in order, unmasked, each length in its shortest form (RFC 6455
     * 5.2), with the pongs Tyrus writes for the client's pings in between, never inside a frame.
     */
    @Test
    void broadcastFramesAreWellFormedAtEveryLengthBoundaryWithPongsBetweenThem() {
        try (RawWsClient sub = connect(); RawWsClient pub = connect()) {
            Conformance.nextNonPing(sub);
            Conformance.nextNonPing(pub);
            sub.sendText(Frames.subscribe("conf:sizes").id("s"));
            assertThat(text(sub).path("type").asText()).isEqualTo("subscribed");
            List<Integer> pads = new ArrayList<>();
            for (int pad = 0; pad <= 40; pad++) {
                pads.add(pad);
            }
            for (int pad = 65_330; pad <= 65_430; pad++) {
                pads.add(pad);
            }
            List<Integer> lengths = new ArrayList<>();
            // In windows of 10, so that the subscriber's outbox never holds more than 10 large frames.
            for (int from = 0; from < pads.size(); from += WINDOW) {
                List<Integer> window = pads.subList(from, Math.min(pads.size(), from + WINDOW));
                for (int pad : window) {
                    byte[] publish = Frames.publish("conf:sizes", Frames.object("pad", "p".repeat(pad))).json()
                            .getBytes(StandardCharsets.UTF_8);
                    pub.send(RawFrame.of(RawFrame.TEXT, publish));
                    sub.send(RawFrame.of(RawFrame.PING, ConformanceCases.seq(pad % 126)));
                }
                readWindow(sub, window, lengths);
            }
            assertThat(lengths).as("message payload lengths crossed the 16/64-bit boundary")
                    .contains(65535, 65536);
            assertRepliesCrossTheSevenBitBoundary(sub);
        }
    }

    /** Replies (written the same direct way) of 100 to 140 bytes, pipelined: each whole, in order. */
    private static void assertRepliesCrossTheSevenBitBoundary(RawWsClient c) {
        List<String> ids = new ArrayList<>();
        for (int n = 77; n <= 117; n++) {
            ids.add("i".repeat(n));
            c.send(RawFrame.of(RawFrame.TEXT, ConformanceCases.pingRequest(ids.get(ids.size() - 1))));
        }
        List<Integer> lengths = new ArrayList<>();
        for (String id : ids) {
            RawWsClient.Frame f = Conformance.nextNonPing(c).orElseThrow(() -> new AssertionError("ended"));
            assertThat(Frames.parse(f.text()).path("id").asText()).isEqualTo(id);
            lengths.add(f.payload().length);
        }
        assertThat(lengths).as("reply payload lengths crossed the 7/16-bit boundary").contains(125, 126);
    }

    /** Reads the window's messages and pongs, as they come; each must be whole and in its order. */
    private static void readWindow(RawWsClient sub, List<Integer> window, List<Integer> lengths) {
        int pongs = 0;
        int messages = 0;
        while (messages < window.size() || pongs < window.size()) {
            RawWsClient.Frame f = sub.read(Conformance.WAIT).orElseThrow(() -> new AssertionError("ended"));
            assertThat(f.opcode()).as("no close").isNotEqualTo(RawWsClient.CLOSE);
            if (f.opcode() == RawWsClient.PONG) {
                assertThat(f.payload()).as("pong %d", pongs)
                        .isEqualTo(ConformanceCases.seq(window.get(pongs) % 126));
                pongs++;
            } else if (f.opcode() == RawWsClient.TEXT) {
                JsonNode m = Frames.parse(f.text());
                assertThat(m.path("type").asText()).isEqualTo("message");
                assertThat(m.path("data").path("pad").asText().length()).as("message %d in order", messages)
                        .isEqualTo(window.get(messages));
                lengths.add(f.payload().length);
                messages++;
            }
        }
    }

    private static JsonNode text(RawWsClient c) {
        RawWsClient.Frame f = Conformance.nextNonPing(c).orElseThrow(() -> new AssertionError("ended"));
        return Frames.parse(f.text());
    }

    RawWsClient connect() {
        return RawWsClient.connect(hub.port(), "/ws", 0);
    }

}
