package dev.switchboard.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.support.NamedThreadFactory;

/**
 * Publishes {@code {"seq":1}}, {@code {"seq":2}}… to one channel through one node's HTTP API, with a fixed number
 * of requests in flight (each on its own thread, one request after the other), and keeps the account a cluster test
 * checks: which seqs were acknowledged (201) with which offset, which refused with 503 {@code unavailable}, and any
 * other answer (a 500, a 429, a hang past 10 s: each a failure). With several in flight the channel's order is
 * the order of the acknowledged offsets. Thread-safe to observe.
 */
public final class SequencePublisher implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final URI endpoint;
    private final long count;
    private final Duration pause;
    private final AtomicLong nextSeq = new AtomicLong(1);
    private final ExecutorService threads;
    private final List<Future<?>> runs = new ArrayList<>();
    private final Object lock = new Object();
    // Guarded by lock.
    private final TreeMap<Long, Long> acknowledgedByOffset = new TreeMap<>();
    private final List<Long> refused = new ArrayList<>();
    private final List<long[]> refusalTimes = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private long attempts;
    private long slowestRefusalMillis;
    private volatile boolean stopping;

    private SequencePublisher(URI node, String channel, long count, Duration pause, int inFlight) {
        this.endpoint = node.resolve("/api/v1/channels/" + channel + "/messages");
        this.count = count;
        this.pause = pause;
        this.threads = Executors.newFixedThreadPool(inFlight, new NamedThreadFactory("sequence-publisher", true));
    }

    /**
     * Starts publishing seqs 1 to {@code count} to {@code channel} on the node at {@code node}
     * ({@code http://host:port}), one request at a time, pausing {@code pause} between requests.
     */
    public static SequencePublisher start(URI node, String channel, long count, Duration pause) {
        return start(node, channel, count, pause, 1);
    }

    /** Starts publishing as {@link #start(URI, String, long, Duration)} does, {@code inFlight} requests at once. */
    public static SequencePublisher start(URI node, String channel, long count, Duration pause, int inFlight) {
        SequencePublisher publisher = new SequencePublisher(node, channel, count, pause, inFlight);
        for (int i = 0; i < inFlight; i++) {
            publisher.runs.add(publisher.threads.submit(publisher::publishAll));
        }
        return publisher;
    }

    private void publishAll() {
        for (long seq = nextSeq.getAndIncrement(); seq <= count && !stopping; seq = nextSeq.getAndIncrement()) {
            publish(seq);
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void publish(long seq) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Frames.object("seq", seq).toString())).build();
        long start = System.nanoTime();
        String outcome;
        int status = -1;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            outcome = status + " " + response.body();
        } catch (IOException e) {
            outcome = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Long offset = status == 201 ? Frames.parse(outcome.substring(4)).path("offset").asLong() : null;
        synchronized (lock) {
            attempts++;
            if (offset != null && acknowledgedByOffset.putIfAbsent(offset, seq) == null) {
                return;
            }
            if (offset != null) {
                unexpected.add("seq " + seq + " acknowledged with offset " + offset + ", already seq "
                        + acknowledgedByOffset.get(offset) + "'s");
            } else if (status == 503 && outcome.contains("\"unavailable\"")) {
                refused.add(seq);
                refusalTimes.add(new long[] {seq, start, System.nanoTime()});
                slowestRefusalMillis = Math.max(slowestRefusalMillis, millis);
            } else {
                unexpected.add("seq " + seq + ": " + outcome);
            }
        }
    }

    /** @return publishes answered so far, whatever the answer */
    public long attempts() {
        synchronized (lock) {
            return attempts;
        }
    }

    /** @return publishes acknowledged (201) so far */
    public long acknowledgedCount() {
        synchronized (lock) {
            return acknowledgedByOffset.size();
        }
    }

    /** @return the seqs acknowledged, in the order of their offsets: the order every subscriber must see */
    public long[] acknowledged() {
        synchronized (lock) {
            return acknowledgedByOffset.values().stream().mapToLong(Long::longValue).toArray();
        }
    }

    /** @return the seqs refused with 503 {@code unavailable}, in order */
    public List<Long> refused() {
        synchronized (lock) {
            return List.copyOf(refused);
        }
    }

    /**
     * @return the refused seqs whose request was under way at some moment between {@code fromNanos} and
     *         {@code toNanos} ({@link System#nanoTime()}): when Redis stops then, a command it ran may lose its reply,
     *         so the hub cannot know whether such a publish happened (docs/cluster.md, "Guarantees")
     */
    public long[] refusedDuring(long fromNanos, long toNanos) {
        synchronized (lock) {
            return refusalTimes.stream().filter(r -> r[1] < toNanos && r[2] > fromNanos).mapToLong(r -> r[0])
                    .toArray();
        }
    }

    /** @return the longest a refused publish took to be answered, in milliseconds */
    public long slowestRefusalMillis() {
        synchronized (lock) {
            return slowestRefusalMillis;
        }
    }

    /** @return answers that were neither 201 nor 503 {@code unavailable}: empty for a correct hub */
    public List<String> unexpected() {
        synchronized (lock) {
            return List.copyOf(unexpected);
        }
    }

    /** Waits until every seq was published. */
    public void awaitDone(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        try {
            for (Future<?> run : runs) {
                run.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw new AssertionError("publisher still busy after " + atMost + " (" + attempts() + " done; "
                    + unexpected().stream().limit(3).toList() + ")", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("publisher failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Stops publishing (after the request in flight) and stops the thread. */
    @Override
    public void close() {
        stopping = true;
        threads.shutdown();
        try {
            if (!threads.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.shutdownNow();
        }
    }
}
