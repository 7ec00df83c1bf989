package dev.switchboard.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.switchboard.support.NamedThreadFactory;

/**
 * Publishes {@code {"seq":1}}, {@code {"seq":2}}… to one channel through one node's HTTP API, one request after
 * the other on its own thread, and keeps the account a cluster test checks: which seqs were acknowledged (201),
 * which refused with 503 {@code unavailable}, and any other answer (a 500, a 429, a hang past 10 s: each a
 * failure). Thread-safe to observe.
 */
public final class SequencePublisher implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final URI endpoint;
    private final long count;
    private final Duration pause;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            new NamedThreadFactory("sequence-publisher", true));
    private final Object lock = new Object();
    // Guarded by lock.
    private final Seqs acknowledged = new Seqs();
    private final List<Long> refused = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private long attempts;
    private long slowestRefusalMillis;
    private volatile boolean stopping;
    private Future<?> run;

    private SequencePublisher(URI node, String channel, long count, Duration pause) {
        this.endpoint = node.resolve("/api/v1/channels/" + channel + "/messages");
        this.count = count;
        this.pause = pause;
    }

    /**
     * Starts publishing seqs 1 to {@code count} to {@code channel} on the node at {@code node}
     * ({@code http://host:port}), pausing {@code pause} between requests.
     */
    public static SequencePublisher start(URI node, String channel, long count, Duration pause) {
        SequencePublisher publisher = new SequencePublisher(node, channel, count, pause);
        publisher.run = publisher.thread.submit(publisher::publishAll);
        return publisher;
    }

    private void publishAll() {
        for (long seq = 1; seq <= count && !stopping; seq++) {
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
        synchronized (lock) {
            attempts++;
            if (status == 201) {
                acknowledged.add(seq);
            } else if (status == 503 && outcome.contains("\"unavailable\"")) {
                refused.add(seq);
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
            return acknowledged.size();
        }
    }

    /** @return the seqs acknowledged, in order */
    public long[] acknowledged() {
        synchronized (lock) {
            return acknowledged.toArray();
        }
    }

    /** @return the seqs refused with 503 {@code unavailable}, in order */
    public List<Long> refused() {
        synchronized (lock) {
            return List.copyOf(refused);
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
        try {
            run.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
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
        thread.shutdown();
        try {
            if (!thread.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
