package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.config.WarmupSettings;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.testing.HubProcess;
import dev.switchboard.testing.PrometheusText;
import dev.switchboard.testing.RawWsClient;

/**
 * Floods and slow attacks with the rate limits out of reach: 1,000 clients each sending an oversize frame, 1,000
 * clients trickling a frame byte by byte, 5,000 half-open handshakes. Meanwhile the hub starts no thread per
 * attacker and its heap stays bounded, and a control client's ping round trip is measured against the same hub
 * idle (measured first, in the same test; the 2x p99 target asserted on demand, see {@link #ASSERT_LATENCY}); then
 * every attacker gets what the protocol promises (1009, an answer, the handshake timeout). Attackers: plain
 * sockets driven by one thread. Each test first runs a round of its attack, not measured: a hub started seconds
 * ago would otherwise compile the attack's code paths during the measurement (0.65 to 1.7 s of compiler CPU on 2
 * cores, docs/reliability.md), which a hub that has been serving has done long before.
 */
class AbuseIT {

    private static final int CLIENTS = 1_000;
    private static final int HALF_OPEN = 5_000;
    private static final int SAMPLES = 400;
    private static final Duration INTERVAL = Duration.ofMillis(5);
    /**
     * Threads beside the baseline: JDK and Grizzly pools that grow on demand; an attacker each would be 1,000+.
     */
    private static final int THREAD_MARGIN = 16;
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * The p99 target is asserted on demand ({@code -Dswitchboard.abuse.latency=assert}, on a quiet machine): on 2
     * cores shared with other builds the idle p99 alone varied from 2.6 to 11 ms between runs, so the suite prints
     * the ratio and asserts the rest (docs/reliability.md has the figures).
     */
    private static final boolean ASSERT_LATENCY = "assert".equals(System.getProperty("switchboard.abuse.latency"));

    /**
     * As {@code scripts/run} starts it: the JVM's defaults (G1, both compilers) rather than the test nodes' quick
     * start-up options; its collector's pauses and safepoints logged to {@code target/cluster/abuse-gc-<pid>.log}.
     * The heap starts at 256 MiB as it would anyway (the default, 1/64 of this machine's memory, capped by the
     * nodes' -Xmx256m), pinned there: the full collections the heap measurement forces right before the attack
     * shrank it to 47 MiB, so that allocating the attackers' buffers then took young pauses and a marking cycle.
     */
    private static final List<String> HUB_JVM = List.of("-XX:TieredStopAtLevel=4", "-XX:-UseSerialGC",
            "-XX:+UseG1GC", "-Xms256m", "-Xlog:gc*,safepoint:file=abuse-gc-%p.log:time,uptime,level,tags");
    /**
     * More options for the hub's JVM, for a diagnosis ({@code -Dswitchboard.abuse.hub.jvm="-XX:StartFlightRecording=
     * filename=abuse.jfr"}, written in {@code target/cluster/}); space-separated.
     */
    private static final String HUB_JVM_EXTRA = System.getProperty("switchboard.abuse.hub.jvm", "");

    /**
     * The hub is a process of its own, as deployed: the attackers' sockets and the test's allocations are not in
     * its JVM, and a collection in the test's JVM cannot pause it.
     */
    private final HubProcess hub = HubProcess.start("abuse", Map.of("max.connections.per.ip", "20000",
            "rate.handshakes.per.second", "1000000", "rate.handshakes.burst", "1000000",
            "rate.messages.per.second", "1000000000", "rate.messages.burst", "1000000000",
            "rate.bytes.per.second", "1000000000", "handshake.timeout.seconds", "5",
            // A trickler never answers pings: here its frame must arrive before the heartbeat would cut it off.
            "heartbeat.seconds", "60", "idle.timeout.seconds", "300",
            // The start-up warm-up scripts/run does (the test nodes turn it off for speed).
            "warmup.connections", Integer.toString(WarmupSettings.CONNECTIONS)), hubJvm());
    private final ExecutorService attacker = Executors.newSingleThreadExecutor(
            new NamedThreadFactory("abuse-it-attacker", true));
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();

    private static List<String> hubJvm() {
        List<String> options = new ArrayList<>(HUB_JVM);
        options.addAll(List.of(HUB_JVM_EXTRA.split(" ")).stream().filter(o -> !o.isBlank()).toList());
        return options;
    }

    @AfterEach
    void stop() throws Exception {
        attacker.shutdownNow();
        assertThat(attacker.awaitTermination(20, TimeUnit.SECONDS)).as("attacker thread stops").isTrue();
        for (AutoCloseable c : open) {
            c.close();
        }
        hub.close();
    }

    @Test
    void aThousandClientsSendingOversizeFrames() throws Exception {
        List<RawWsClient> warmUp = connect(CLIENTS);
        floodOversize(warmUp); // the warm-up round (see the class comment)
        assertClosedWith1009(warmUp);
        warmUp.forEach(RawWsClient::close);
        try (PingProbe probe = new PingProbe(hub.port())) {
            Baseline base = baseline(probe);
            List<RawWsClient> clients = connect(CLIENTS);
            HubCost before = HubCost.sample(hub);
            Future<?> flood = attacker.submit(() -> floodOversize(clients));
            long[] under = probe.measure(SAMPLES, INTERVAL);
            flood.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            base.check("oversize frames from " + CLIENTS + " clients", under, probe, hub, before);
            assertClosedWith1009(clients);
        }
    }

    /** Each client declares 10 MiB and sends 4 KiB of it, in turn; the gate refuses each at its header. */
    private static void floodOversize(List<RawWsClient> clients) {
        clients.forEach(c -> c.sendFrameStart(10L << 20, 4 * 1024));
    }

    private static void assertClosedWith1009(List<RawWsClient> clients) {
        for (RawWsClient c : clients) {
            assertThat(c.readUntilClose(WAIT)).as("each attacker is closed with 1009")
                    .hasValueSatisfying(f -> assertThat(f.closeCode()).isEqualTo(1009));
        }
    }

    @Test
    void aThousandClientsTricklingFramesByteByByte() throws Exception {
        List<RawWsClient> warmUp = connect(CLIENTS);
        trickle(warmUp, pingFrames(warmUp), 0); // the warm-up round, at full speed
        assertAnswered(warmUp);
        warmUp.forEach(RawWsClient::close);
        try (PingProbe probe = new PingProbe(hub.port())) {
            Baseline base = baseline(probe);
            List<RawWsClient> clients = connect(CLIENTS);
            List<byte[]> frames = pingFrames(clients);
            HubCost before = HubCost.sample(hub);
            // A round every 60 ms: each frame (74 bytes) takes 4.4 s or more.
            Future<?> trickle = attacker.submit(() -> trickle(clients, frames, 60));
            long[] under = probe.measure(SAMPLES, INTERVAL);
            assertThat(trickle.isDone()).as("the trickle outlasted the measurement").isFalse();
            base.check("frames trickled byte by byte by " + CLIENTS + " clients", under, probe, hub, before);
            trickle.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertAnswered(clients);
        }
    }

    /** A ping of the same length for each client, its id made of the client's index. */
    private static List<byte[]> pingFrames(List<RawWsClient> clients) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            // Ids of one width: every frame has the same length, so every byte of each is sent.
            String padded = "{\"type\":\"ping\",\"id\":\"" + id(i) + "x".repeat(40) + "\"}";
            frames.add(clients.get(i).encodeText(padded));
        }
        return frames;
    }

    /** Sends one byte of its frame to each client in turn, then pauses {@code pauseMillis}, until all are sent. */
    private static Void trickle(List<RawWsClient> clients, List<byte[]> frames, long pauseMillis)
            throws InterruptedException {
        for (int at = 0; at < frames.get(0).length; at++) {
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).sendRaw(frames.get(i), at, 1);
            }
            Thread.sleep(pauseMillis);
        }
        return null;
    }

    /** Asserts that each client's trickled ping was answered with a pong carrying its own id. */
    private void assertAnswered(List<RawWsClient> clients) {
        List<String> unanswered = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int i = 0; i < clients.size(); i++) {
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 50_000_000L));
            try {
                String reply = readText(clients.get(i), left);
                if (!reply.contains("\"type\":\"pong\"") || !reply.contains("\"id\":\"" + id(i))) {
                    unanswered.add(i + ": " + reply);
                }
            } catch (AssertionError e) {
                unanswered.add(i + ": " + e.getMessage());
            }
        }
        HubSample after = HubSample.scrape(http, hub.port());
        String counts = metric("switchboard_messages_received_total") + " received, "
                + metric("switchboard_messages_sent_total") + " sent, " + after.outboxMessages() + " queued";
        assertThat(unanswered).as("trickled pings not answered (hub: %s)", counts).isEmpty();
    }

    @Test
    void fiveThousandHalfOpenHandshakes() throws Exception {
        double warmUpBefore = refusedByTimeout();
        halfOpen(HALF_OPEN); // the warm-up round
        awaitRefusedByTimeout(warmUpBefore, HALF_OPEN);
        try (PingProbe probe = new PingProbe(hub.port())) {
            Baseline base = baseline(probe);
            double timeoutsBefore = refusedByTimeout();
            HubCost before = HubCost.sample(hub);
            halfOpen(HALF_OPEN);
            long[] under = probe.measure(SAMPLES, INTERVAL);
            base.check(HALF_OPEN + " half-open handshakes", under, probe, hub, before);
            awaitRefusedByTimeout(timeoutsBefore, HALF_OPEN);
        }
    }

    /** Opens {@code count} connections, each sending part of an upgrade request and then nothing. */
    private void halfOpen(int count) throws IOException {
        byte[] partial = ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + hub.port() + "\r\nUpgrade: websocket\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            Socket s = new Socket();
            open.add(s);
            s.connect(new InetSocketAddress("127.0.0.1", hub.port()), 10_000);
            OutputStream out = s.getOutputStream();
            out.write(partial);
            out.flush();
        }
    }

    private void awaitRefusedByTimeout(double before, int count) {
        await("the handshake timeout to refuse every half-open handshake").atMost(WAIT)
                .until(() -> refusedByTimeout() - before >= count);
        assertThat(refusedByTimeout() - before).isEqualTo(count);
    }

    /** The idle hub's figures: ping round trips, live threads, heap after GC. */
    private record Baseline(long[] idle, String idleCost, double threads, long heap) {

        /**
         * Asserts responsiveness, threads and heap under attack against this baseline, and prints both with what
         * the attack cost the hub since {@code before} and the probe's slowest round trips.
         */
        void check(String attack, long[] under, PingProbe probe, HubProcess node, HubCost before) {
            String cost = HubCost.sample(node).since(before);
            HubSample during = HubSample.scrape(HttpClient.newHttpClient(), node.port());
            long heapDuring = HubSample.heapAfterGc(node);
            System.out.printf("abuse: %s: ping p50 %d -> %d us, p99 %d -> %d us (%.2fx); threads %.0f -> %.0f;"
                    + " heap after GC %d -> %d KiB; open files %.0f%n", attack, idle[idle.length / 2],
                    under[under.length / 2], PingProbe.p99(idle), PingProbe.p99(under),
                    (double) PingProbe.p99(under) / PingProbe.p99(idle), threads, during.threads(), heap / 1024,
                    heapDuring / 1024, during.openFiles());
            System.out.printf("abuse: %s: hub: %s; while idle: %s; probe: %s%n", attack, cost, idleCost,
                    probe.slowest());
            assertThat(during.threads()).as("no thread per attacker").isLessThanOrEqualTo(threads + THREAD_MARGIN);
            assertThat(heapDuring - heap).as("heap kept under attack").isLessThan(64L << 20);
            if (ASSERT_LATENCY) {
                assertThat(PingProbe.p99(under)).as("control ping p99 under attack within 2x of idle")
                        .isLessThanOrEqualTo(2 * PingProbe.p99(idle));
            }
        }
    }

    private Baseline baseline(PingProbe probe) {
        probe.measure(SAMPLES, INTERVAL); // warm-up: JIT, the pong path
        HubCost before = HubCost.sample(hub);
        long[] idle = probe.measure(SAMPLES, INTERVAL);
        String idleCost = HubCost.sample(hub).since(before);
        return new Baseline(idle, idleCost, HubSample.scrape(http, hub.port()).threads(),
                HubSample.heapAfterGc(hub));
    }

    private List<RawWsClient> connect(int count) {
        List<RawWsClient> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            RawWsClient c = RawWsClient.connect(hub.port());
            open.add(c);
            assertThat(readText(c)).contains("\"type\":\"welcome\"");
            clients.add(c);
        }
        return clients;
    }

    private static String id(int i) {
        return String.format("%04d-", i);
    }

    private static String readText(RawWsClient c) {
        return readText(c, WAIT);
    }

    private static String readText(RawWsClient c, Duration wait) {
        while (true) {
            RawWsClient.Frame f = c.read(wait).orElseThrow(() -> new AssertionError("connection ended"));
            if (f.opcode() == RawWsClient.TEXT) {
                return f.text();
            }
            if (f.opcode() == RawWsClient.CLOSE) {
                throw new AssertionError("closed with " + f.closeCode());
            }
        }
    }

    private double metric(String name) {
        try {
            var response = http.send(java.net.http.HttpRequest.newBuilder(hub.http("/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return PrometheusText.parse(response.body()).value(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private double refusedByTimeout() {
        try {
            var response = http.send(java.net.http.HttpRequest.newBuilder(hub.http("/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            // The labelled sample appears with the first refusal.
            return PrometheusText.parse(response.body()).samples("switchboard_handshakes_refused_total").stream()
                    .filter(s -> "timeout".equals(s.labels().get("reason")))
                    .mapToDouble(PrometheusText.Sample::value).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
