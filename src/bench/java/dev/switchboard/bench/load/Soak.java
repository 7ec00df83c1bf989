package dev.switchboard.bench.load;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.PrometheusText;
import dev.switchboard.testing.RawWsClient;

/**
 * Steady mixed traffic against a running hub for a given time (scripts/soak): long-lived subscribers, one
 * publisher, history reads, connect/subscribe/disconnect churn (a third aborted) and one slow consumer that never
 * reads (cut off with 4009 once the socket buffers and its outbox are full; a new one every 5 minutes). Every 10 s
 * a CSV line: heap after GC (jcmd), threads, open files, connections, outbox bytes, delivered and lost. Lost =
 * messages a long-lived subscriber should have had and did not, checked by offset. Usage: {@code Soak PORT HUB_PID
 * SECONDS CSV}. Exit status 1 when anything was lost.
 */
public final class Soak {

    private static final int CHANNELS = 10;
    private static final int SUBSCRIBERS = 50;
    private static final int PUBLISH_PER_SECOND = 200;
    private static final int CHURN_PER_SECOND = 20;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    /**
     * About 1 KiB per message: 200 KiB/s to the slow consumer fills the socket buffers and then its outbox (4009)
     * well before the heartbeat would find it silent (4008 after 60 s).
     */
    private static final String PAD = "p".repeat(1000);

    private final int port;
    private final HttpClient http;
    private final URI ws;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong histories = new AtomicLong();
    private final AtomicLong churned = new AtomicLong();
    private final AtomicLong slowReplaced = new AtomicLong();
    private final long[] lastOffset = new long[CHANNELS];
    private volatile RawWsClient slow;

    private Soak(int port, HttpClient http) {
        this.port = port;
        this.http = http;
        this.ws = URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
        Path csv = Path.of(args[3]);
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(3,
                new NamedThreadFactory("soak", true));
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2,
                new NamedThreadFactory("soak-http", true))).build();
        Soak soak = new Soak(port, http);
        HubProcess hub = new HubProcess(pid, true, URI.create("http://127.0.0.1:" + port + "/metrics"), http);
        long lost;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
            lost = soak.run(duration, timers, hub, out);
        } finally {
            timers.shutdownNow();
            timers.awaitTermination(10, TimeUnit.SECONDS);
        }
        System.exit(lost == 0 ? 0 : 1);
    }

    private long run(Duration duration, ScheduledExecutorService timers, HubProcess hub, PrintWriter out)
            throws Exception {
        for (int i = 0; i < SUBSCRIBERS; i++) {
            subscribers.add(new Subscriber(i % CHANNELS, http, ws));
        }
        WebSocket publisher = http.newWebSocketBuilder().buildAsync(ws, new Drain()).join();
        slow = slowConsumer();
        long start = System.nanoTime();
        out.println("seconds,heap_after_gc_kb,threads,open_files,connections,outbox_bytes,published,delivered,"
                + "lost,histories,churned,slow_consumers,closed_4009");
        timers.scheduleAtFixedRate(() -> publish(publisher), 0, 1_000_000 / PUBLISH_PER_SECOND,
                TimeUnit.MICROSECONDS);
        timers.scheduleAtFixedRate(this::churnAndHistory, 0, 1_000 / CHURN_PER_SECOND, TimeUnit.MILLISECONDS);
        timers.scheduleAtFixedRate(this::replaceSlow, 300, 300, TimeUnit.SECONDS);
        long end = start + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(SAMPLE_EVERY.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            sample(out, hub, (System.nanoTime() - start) / 1_000_000_000L, false);
        }
        timers.shutdown();
        timers.awaitTermination(10, TimeUnit.SECONDS);
        Thread.sleep(3_000); // the last deliveries
        long lost = sample(out, hub, (System.nanoTime() - start) / 1_000_000_000L, true);
        publisher.abort();
        subscribers.forEach(s -> s.socket.abort());
        slow.close();
        return lost;
    }

    private void publish(WebSocket publisher) {
        long n = published.getAndIncrement();
        int channel = (int) (n % CHANNELS);
        synchronized (lastOffset) {
            lastOffset[channel]++;
        }
        String frame = Frames.publish("soak:" + channel, Frames.object("n", n, "pad", PAD)).id(n).json();
        publisher.sendText(frame, true).join();
    }

    /** One churn cycle (connect, subscribe, then close or abort a third of the time) and one history read. */
    private void churnAndHistory() {
        long n = churned.getAndIncrement();
        try (RawWsClient c = RawWsClient.connect(port)) {
            c.sendText(Frames.subscribe("soak:" + (n % CHANNELS)).id(1));
            c.sendText(Frames.history("soak:" + (n % CHANNELS)).id(2));
            for (int got = 0; got < 3; ) {
                RawWsClient.Frame f = c.read(Duration.ofSeconds(10)).orElseThrow();
                if (f.opcode() == RawWsClient.TEXT && (f.text().contains("\"type\":\"history\"")
                        || f.text().contains("\"type\":\"subscribed\"") || f.text().contains("welcome"))) {
                    got++;
                }
            }
            histories.incrementAndGet();
            if (n % 3 == 0) {
                c.reset();
            } else {
                c.sendClose(1000);
            }
        } catch (RuntimeException e) {
            System.err.println("churn cycle " + n + ": " + e);
        }
    }

    /**
     * A new slow consumer every 5 minutes: it subscribes to every channel and never reads (the hub cuts it off).
     */
    private void replaceSlow() {
        RawWsClient old = slow;
        slow = slowConsumer();
        slowReplaced.incrementAndGet();
        old.reset();
    }

    private RawWsClient slowConsumer() {
        RawWsClient c = RawWsClient.connect(port, 4096);
        for (int ch = 0; ch < CHANNELS; ch++) {
            c.sendText(Frames.subscribe("soak:" + ch).id(ch));
        }
        return c;
    }

    /** Writes one CSV line; @return messages lost so far (counted only at the end, when all must have arrived) */
    private long sample(PrintWriter out, HubProcess hub, long seconds, boolean last) throws Exception {
        long heap = hub.heapUsedAfterGcKb();
        PrometheusText m = PrometheusText.parse(http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        long delivered = subscribers.stream().mapToLong(s -> s.received.get()).sum();
        long gaps = subscribers.stream().mapToLong(s -> s.gaps.get()).sum();
        long lost = gaps;
        if (last) {
            for (Subscriber s : subscribers) {
                long expected;
                synchronized (lastOffset) {
                    expected = lastOffset[s.channel];
                }
                lost += Math.max(0, expected - s.lastSeen.get());
            }
        }
        out.printf("%d,%d,%.0f,%.0f,%.0f,%.0f,%d,%d,%d,%d,%d,%d,%.0f%n", seconds, heap,
                m.value("jvm_threads_live_threads"), m.value("process_files_open_files"),
                m.value("switchboard_connections"), m.value("switchboard_outbox_queued_bytes"), published.get(),
                delivered, lost, histories.get(), churned.get(), slowReplaced.get() + 1,
                m.samples("switchboard_connections_closed_total").stream()
                        .filter(x -> "4009".equals(x.labels().get("code")))
                        .mapToDouble(PrometheusText.Sample::value).sum());
        out.flush();
        return lost;
    }

    /** A long-lived subscriber of one channel: counts deliveries and any gap in their offsets. */
    private static final class Subscriber implements WebSocket.Listener {
        final int channel;
        final AtomicLong received = new AtomicLong();
        final AtomicLong gaps = new AtomicLong();
        final AtomicLong lastSeen = new AtomicLong();
        final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();

        Subscriber(int channel, HttpClient http, URI ws) {
            this.channel = channel;
            this.socket = http.newWebSocketBuilder().buildAsync(ws, this).join();
            socket.sendText(Frames.subscribe("soak:" + channel).id(1).json(), true).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.contains("\"type\":\"message\"")) {
                    long offset = offsetOf(frame);
                    long previous = lastSeen.getAndSet(offset);
                    if (offset != previous + 1) {
                        gaps.addAndGet(Math.max(1, offset - previous - 1));
                    }
                    received.incrementAndGet();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            System.err.println("subscriber of soak:" + channel + " closed with " + statusCode);
            return CompletableFuture.completedFuture(null);
        }

        private static long offsetOf(String frame) {
            int at = frame.indexOf("\"offset\":") + 9;
            int end = at;
            while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
                end++;
            }
            return Long.parseLong(frame.substring(at, end));
        }
    }

    /** Reads and drops what the publisher gets back ({@code published} replies). */
    private static final class Drain implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1);
            return null;
        }
    }
}
