package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.channel.Hub;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.RawWsClient;

/**
 * A flood does not hurt the others: 200 receivers get a steady stream (published in the hub's JVM, each message
 * stamped with its publish time); after a warm-up, their delivery latency is measured in alternating windows without
 * and with one client sending 100x its message limit. The others' p99 while it floods (over all its windows) stays
 * within 1.5x of the p99 without, and a flood sustained for more than 5 s is closed with 4029.
 * A benchmark, not part of the suite: 1.04x, 1.06x and 1.40x on a quiet machine (docs/benchmarks.md).
 * Run: {@code mvn -o -B test-compile failsafe:integration-test failsafe:verify -Dit.test=FloodIT
 * -Dit.excludedGroups=none}.
 */
@Tag("benchmark")
class FloodIT {

    private static final int RECEIVERS = 200;
    private static final int STREAM_PER_SECOND = 50;
    /** Streamed first and not measured: the JIT and the sockets warm up. */
    private static final Duration WARMUP = Duration.ofSeconds(5);
    /**
     * Baseline and flood are measured in alternating windows (five of each), so that the machine's own slow drifts
     * (JIT, collector, other processes) fall on both alike; only the flooder's presence differs.
     */
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final int WINDOWS = 10;
    private static final Duration BASELINE = WINDOW.multipliedBy(WINDOWS);
    private static final Duration FLOOD = WINDOW.multipliedBy(WINDOWS);
    /** Then a flood long enough for the 4029 rule (more than 3x for 5 s), while the stream goes on. */
    private static final Duration SUSTAINED = Duration.ofSeconds(7);
    /** 100x the default {@code rate.messages.per.second} (50), sent in batches every 10 ms. */
    private static final int FLOOD_PER_SECOND = 100 * 50;
    private static final int FLOOD_BATCH = FLOOD_PER_SECOND / 100;
    private static final Duration WAIT = Duration.ofSeconds(20);

    // The default message limits; only the handshake rate is raised, for the 201 connections from one address.
    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings("rate.handshakes.per.second", "10000",
            "rate.handshakes.burst", "10000");
    private final ExecutorService clientThreads = Executors.newFixedThreadPool(2,
            new NamedThreadFactory("flood-it-client", true));
    private final ExecutorService flooderThread = Executors.newSingleThreadExecutor(
            new NamedThreadFactory("flood-it-flooder", true));
    private final ExecutorService flooderReaderThread = Executors.newSingleThreadExecutor(
            new NamedThreadFactory("flood-it-flooder-reader", true));
    private final HttpClient http = HttpClient.newBuilder().executor(clientThreads).build();
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final List<WebSocket> sockets = new ArrayList<>();
    /** By tag: 0 the warm-up, 1..5 the baseline windows, 6..10 the flood windows, 11 the sustained flood. */
    private final List<Latencies> byTag = IntStream.range(0, 2 * WINDOWS + 2)
            .mapToObj(i -> new Latencies()).toList();
    private final Latencies sustained = byTag.get(2 * WINDOWS + 1);

    @AfterEach
    void stop() throws Exception {
        sockets.forEach(WebSocket::abort);
        for (AutoCloseable c : closeables) {
            c.close();
        }
        flooderThread.shutdownNow();
        flooderReaderThread.shutdownNow();
        clientThreads.shutdownNow();
        assertThat(flooderThread.awaitTermination(10, TimeUnit.SECONDS)).as("flooder stopped").isTrue();
        assertThat(flooderReaderThread.awaitTermination(10, TimeUnit.SECONDS)).as("flooder reader stopped")
                .isTrue();
        assertThat(clientThreads.awaitTermination(10, TimeUnit.SECONDS)).as("client threads stopped").isTrue();
    }

    @Test
    void oneClientFloodingAtAHundredTimesItsLimitDoesNotSlowTheOthersAndIsClosedWith4029() throws Exception {
        AtomicInteger subscribed = new AtomicInteger();
        for (int i = 0; i < RECEIVERS; i++) {
            WebSocket ws = http.newWebSocketBuilder().buildAsync(uri(), new Receiver(subscribed)).get(10,
                    TimeUnit.SECONDS);
            sockets.add(ws);
            ws.sendText(Frames.subscribe("flood:feed").id(1).json(), true).get(10, TimeUnit.SECONDS);
        }
        await("every receiver is subscribed").atMost(WAIT).until(() -> subscribed.get() == RECEIVERS);

        Hub publisher = hub.bean(Hub.class);
        stream(publisher, WARMUP, () -> 0);
        Flooder flooder = new Flooder();
        CompletableFuture<Void> flooding = CompletableFuture.runAsync(flooder::run, flooderThread);
        for (int w = 0; w < WINDOWS; w++) {
            int window = w;
            flooder.on = false;
            stream(publisher, WINDOW, () -> 1 + window);
            flooder.on = true;
            stream(publisher, WINDOW, () -> 1 + WINDOWS + window);
        }
        // A flood sustained past the 4029 rule; the stream's latencies here are reported, not compared.
        stream(publisher, SUSTAINED, () -> 2 * WINDOWS + 1);
        flooder.stop = true;
        flooding.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        await("the last stream messages arrive").atMost(WAIT)
                .until(() -> byTag.stream().mapToInt(Latencies::count).sum() >= expectedSamples());
        // Each side's p99 over all its windows' samples (1,000 messages, 200,000 deliveries): it is set by the tenth
        // slowest message, so a pause of this shared machine that hits a few messages moves neither side.
        double base = pooledP99(byTag.subList(1, 1 + WINDOWS));
        double flooded = pooledP99(byTag.subList(1 + WINDOWS, 1 + 2 * WINDOWS));
        System.out.printf("FloodIT: receivers p99 (all windows) %.2f ms baseline, %.2f ms while flooding"
                + " (%.2fx), %.2f ms sustained; p50 of the first windows %.2f / %.2f ms; %d / %d samples; flooder"
                + " sent %d in %.1f s, closed with %s at %s ms%n", base, flooded, flooded / base,
                sustained.p99Millis(), byTag.get(1).percentileMillis(50), byTag.get(1 + WINDOWS).percentileMillis(50),
                count(1, WINDOWS), count(1 + WINDOWS, WINDOWS), flooder.sent.get(),
                FLOOD.plus(SUSTAINED).toMillis() / 1e3, flooder.closeCodes,
                flooder.closedAt.stream().map(n -> n / 1_000_000).toList());

        assertThat(flooder.closeCodes).as("its connection closed after 5 s over 3x").isNotEmpty()
                .containsOnly(4029);
        assertThat(flooder.sent.get()).as("the flooder did flood").isGreaterThan(9 * FLOOD_PER_SECOND);
        assertThat(count(1, WINDOWS)).as("every baseline message reached every receiver")
                .isEqualTo(samplesOf(BASELINE));
        assertThat(count(1 + WINDOWS, WINDOWS)).as("and every message during the flood")
                .isEqualTo(samplesOf(FLOOD));
        assertThat(flooded).as("the others' p99 during the flood, against %.2f ms without", base)
                .isLessThanOrEqualTo(1.5 * base);
    }

    /** Publishes {@link #STREAM_PER_SECOND} stamped messages per second for {@code length}, each tagged. */
    private void stream(Hub publisher, Duration length, IntSupplier tag) throws InterruptedException {
        long period = 1_000_000_000L / STREAM_PER_SECOND;
        long start = System.nanoTime();
        int count = (int) (length.toNanos() / period);
        for (int n = 0; n < count; n++) {
            long due = start + n * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            publisher.publish("flood:feed", Frames.object("t", System.nanoTime(), "p", tag.getAsInt()).toString());
        }
    }

    private int count(int from, int windows) {
        return byTag.subList(from, from + windows).stream().mapToInt(Latencies::count).sum();
    }

    private static double pooledP99(List<Latencies> windows) {
        return percentileMillis(windows.stream().flatMapToLong(Latencies::samples).sorted().toArray(), 99);
    }

    private static double percentileMillis(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)] / 1e6;
    }

    private int samplesOf(Duration length) {
        return (int) (length.toNanos() / (1_000_000_000L / STREAM_PER_SECOND)) * RECEIVERS;
    }

    private int expectedSamples() {
        return samplesOf(WARMUP) + samplesOf(BASELINE) + samplesOf(FLOOD) + samplesOf(SUSTAINED);
    }

    private URI uri() {
        return URI.create("ws://127.0.0.1:" + hub.port() + "/ws");
    }

    /** Delivery latencies, nanoseconds; written by the receivers' threads. */
    private static final class Latencies {
        private final long[] samples = new long[RECEIVERS * STREAM_PER_SECOND * 12];
        private final AtomicInteger size = new AtomicInteger();

        void add(long nanos) {
            int i = size.getAndIncrement();
            if (i < samples.length) {
                samples[i] = nanos;
            }
        }

        int count() {
            return Math.min(size.get(), samples.length);
        }

        LongStream samples() {
            return Arrays.stream(samples, 0, count());
        }

        double percentileMillis(int p) {
            return FloodIT.percentileMillis(samples().sorted().toArray(), p);
        }

        double p99Millis() {
            return percentileMillis(99);
        }
    }

    private final class Receiver implements WebSocket.Listener {
        private final AtomicInteger subscribed;
        private final StringBuilder partial = new StringBuilder();

        Receiver(AtomicInteger subscribed) {
            this.subscribed = subscribed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                JsonNode frame = Frames.parse(partial.toString());
                partial.setLength(0);
                String type = frame.path("type").asText();
                if ("message".equals(type)) {
                    JsonNode d = frame.path("data");
                    byTag.get(d.path("p").asInt()).add(now - d.path("t").asLong());
                } else if ("subscribed".equals(type)) {
                    subscribed.incrementAndGet();
                }
            }
            ws.request(1);
            return null;
        }
    }

    /**
     * Sends {@link #FLOOD_PER_SECOND} publishes per second while {@link #on} over raw sockets (each batch in one
     * write), connecting again whenever the hub closes it, as an abusive client would, until {@link #stop}; the hub's
     * answers are read on another thread. A flood that costs its sender little: the test measures the hub.
     */
    private final class Flooder {
        final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
        final List<Long> closedAt = new CopyOnWriteArrayList<>();
        final AtomicInteger sent = new AtomicInteger();
        final long start = System.nanoTime();
        private final String frame = Frames.publish("flood:noise", Frames.object("flood", true)).id(1).json();
        /** Set by the test thread: flood now, or stay connected and quiet. */
        volatile boolean on;
        /** Set by the test thread: return. */
        volatile boolean stop;

        /** Returns once {@link #stop}; the last connection, still open, is closed by the test's clean-up. */
        void run() {
            long batch = 1;
            while (!stop) {
                RawWsClient c = RawWsClient.connect(hub.port());
                closeables.add(c);
                CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> readClose(c),
                        flooderReaderThread);
                batch = sendUntilClosed(c, code, batch);
                if (code.isDone()) {
                    closeCodes.add(code.join());
                }
            }
        }

        private long sendUntilClosed(RawWsClient c, CompletableFuture<Integer> code, long firstBatch) {
            long batch = firstBatch;
            try {
                for (; !stop && !code.isDone(); batch++) {
                    if (on) {
                        c.sendTexts(frame, FLOOD_BATCH);
                        sent.addAndGet(FLOOD_BATCH);
                    }
                    long wait = start + batch * 10_000_000L - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            } catch (RuntimeException writeFailed) {
                // The hub closed the connection under a write, before the close frame was read: the reader says how.
                code.completeOnTimeout(1006, WAIT.toSeconds(), TimeUnit.SECONDS).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return batch;
        }

        private int readClose(RawWsClient c) {
            Optional<RawWsClient.Frame> last = c.readUntilClose(WAIT.plus(FLOOD).plus(SUSTAINED));
            closedAt.add(System.nanoTime() - start);
            return last.map(RawWsClient.Frame::closeCode).orElse(1006);
        }
    }
}
