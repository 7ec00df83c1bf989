package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.testing.Deflate;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.RawFrame;
import dev.switchboard.testing.RawWsClient;

/**
 * permessage-deflate (RFC 7692) with {@code compression.enabled=true}: what the hub negotiates, compressed input
 * inflated within {@code max.message.bytes} (a zip bomb is closed with 1009 without being inflated), the
 * conformance cases for compressed frames, and broadcasts sent compressed to the connections that negotiated it.
 */
class DeflateIT {

    static final int LIMIT = 65_536;
    static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

    @RegisterExtension
    static final HubExtension hub = HubExtension.withSettings("compression.enabled", "true",
            "rate.messages.per.second", "100000", "rate.messages.burst", "100000",
            "rate.bytes.per.second", "100000000", "rate.handshakes.per.second", "10000",
            "rate.handshakes.burst", "10000");

    static Stream<Conformance> compression() {
        return DeflateConformanceCases.compression(LIMIT).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compression")
    void compressedFrames(Conformance c) {
        c.run(() -> connect(OFFER));
    }

    @Test
    void anOfferIsAnsweredWithoutServerContextTakeover() {
        try (RawWsClient c = connect(OFFER)) {
            assertThat(extensions(c)).isEqualTo("permessage-deflate; server_no_context_takeover");
        }
    }

    @Test
    void clientNoContextTakeoverIsAcknowledged() {
        try (RawWsClient c = connect(
                "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover\r\n")) {
            assertThat(extensions(c))
                    .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        }
    }

    @Test
    void anOfferTheHubCannotHonourIsSkippedForTheNextOne() {
        // A window below 15 bits for the server cannot be kept with the JDK's Deflater: that offer is declined.
        try (RawWsClient c = connect("Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10, "
                + "permessage-deflate; server_max_window_bits=15\r\n")) {
            assertThat(extensions(c))
                    .isEqualTo("permessage-deflate; server_no_context_takeover; server_max_window_bits=15");
        }
    }

    @Test
    void withNoAcceptableOfferNothingIsNegotiatedAndRsv1Is1002() {
        new Conformance("permessage-deflate", "offer declined (server_max_window_bits=9, an unknown parameter): "
                + "no extension, so RSV1 fails the connection with 1002",
                DeflateConformanceCases.deflated(RawFrame.TEXT, ConformanceCases.pingRequest("z", 500)).bytes(),
                java.util.List.of(Conformance.closes(1002)), 0)
                .run(() -> {
                    RawWsClient c = connect("Sec-WebSocket-Extensions: permessage-deflate; "
                            + "server_max_window_bits=9, permessage-deflate; mystery\r\n");
                    assertThat(c.responseHead()).doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
                    return c;
                });
    }

    @Test
    void withoutAnOfferNothingIsNegotiated() {
        try (RawWsClient c = connect("")) {
            assertThat(c.responseHead()).doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
        }
    }

    /**
     * A broadcast goes compressed (RSV1) to a subscriber that negotiated permessage-deflate and plain to one that
     * did not; both read the same message. A short message goes uncompressed to both (RFC 7692 lets the sender
     * choose per message).
     */
    @Test
    void broadcastsAreCompressedForTheSubscribersThatNegotiatedIt() {
        try (RawWsClient zipped = connect(OFFER); RawWsClient plain = connect(""); RawWsClient pub = connect("");
                Deflate inflater = new Deflate()) {
            for (RawWsClient c : new RawWsClient[] {zipped, plain, pub}) {
                Conformance.nextNonPing(c);
            }
            for (RawWsClient c : new RawWsClient[] {zipped, plain}) {
                c.send(RawFrame.text(Frames.subscribe("zip:news").id("s").json()));
                assertThat(Conformance.nextNonPing(c).orElseThrow().text()).contains("\"subscribed\"");
            }
            String big = "all work and no play ".repeat(500);
            pub.send(RawFrame.text(Frames.publish("zip:news", Frames.object("text", big)).json()));
            pub.send(RawFrame.text(Frames.publish("zip:news", Frames.object("text", "hi")).json()));
            RawWsClient.Frame z = Conformance.nextNonPing(zipped).orElseThrow();
            RawWsClient.Frame p = Conformance.nextNonPing(plain).orElseThrow();
            assertThat(z.rsv()).as("compressed: RSV1").isEqualTo(RawFrame.RSV1);
            assertThat(z.payload().length).as("much smaller").isLessThan(p.payload().length / 10);
            assertThat(p.rsv()).as("plain: no RSV bit").isZero();
            assertThat(new String(inflater.inflate(z.payload()), StandardCharsets.UTF_8)).isEqualTo(p.text());
            RawWsClient.Frame zSmall = Conformance.nextNonPing(zipped).orElseThrow();
            assertThat(zSmall.rsv()).as("a short message goes uncompressed").isZero();
            assertThat(zSmall.text()).isEqualTo(Conformance.nextNonPing(plain).orElseThrow().text());
        }
    }

    /**
     * A zip bomb: ~1 MiB of DEFLATE inflating to 1 GiB of zeros (DEFLATE's ratio is at most ~1030:1, so 64 KiB
     * inflate to at most ~64 MiB: that bomb is a conformance case). Sent in 16 KiB fragments, so that the
     * compressed size alone does not stop it early: the first fragment already inflates past the limit. The hub
     * stops inflating there and closes with 1009; its threads allocate about the compressed size, not the gigabyte.
     */
    @Test
    void aZipBombInflatingToOneGigabyteIsClosedWith1009WithoutInflatingIt() {
        byte[] bomb = Deflate.bomb(1L << 30);
        try (RawWsClient c = connect(OFFER)) {
            Conformance.nextNonPing(c);
            long before = hubThreadsAllocatedBytes();
            RawFrame[] fragments = RawFrame.fragments(RawFrame.TEXT, bomb, bomb.length / (16 * 1024));
            fragments[0] = fragments[0].rsv(RawFrame.RSV1);
            c.send(fragments);
            RawWsClient.Frame close = Conformance.nextNonPing(c).orElseThrow(() -> new AssertionError("no close"));
            long allocated = hubThreadsAllocatedBytes() - before;
            System.out.printf("DeflateIT: a %d KiB bomb of 1 GiB refused; hub threads allocated %d KiB%n",
                    bomb.length / 1024, allocated / 1024);
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(allocated).as("bytes the hub's threads allocated while refusing the bomb")
                    .isLessThan(16L * 1024 * 1024);
        }
    }

    private static String extensions(RawWsClient c) {
        for (String line : c.responseHead().split("\r\n")) {
            if (line.toLowerCase().startsWith("sec-websocket-extensions:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "";
    }

    private static RawWsClient connect(String headers) {
        return RawWsClient.connect(hub.port(), "/ws", 0, headers);
    }

    /** @return bytes allocated so far by the hub's I/O and send threads (Grizzly and switchboard-*) */
    private static long hubThreadsAllocatedBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("grizzly") || t.getName().startsWith("switchboard-")) {
                total += Math.max(0, threads.getThreadAllocatedBytes(t.getId()));
            }
        }
        return total;
    }
}
