package dev.switchboard.bench.load;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Opens many WebSocket connections through one shared {@link HttpClient} (one selector thread plus a small
 * executor): no thread per connection. Handshakes in flight are bounded; progress goes to stderr.
 */
final class Clients {

    /** The outcome of a ramp. */
    record Ramp(List<BenchSocket> sockets, int connected, int failed, long nanos, String firstError) {

        double perSecond() {
            return nanos <= 0 ? 0 : connected / (nanos / 1e9);
        }
    }

    private final HttpClient client;
    private final LoadOptions options;

    Clients(HttpClient client, LoadOptions options) {
        this.client = client;
        this.options = options;
    }

    HttpClient http() {
        return client;
    }

    /** Connects {@code n} sockets made by {@code factory}; returns when all finished or {@code deadline} passed. */
    Ramp connect(int n, IntFunction<BenchSocket> factory, Duration deadline) throws InterruptedException {
        Semaphore inFlight = new Semaphore(options.maxInFlight());
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<BenchSocket> sockets = new ArrayList<>(n);
        String[] firstError = new String[1];
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        for (int i = 0; i < n; i++) {
            if (!inFlight.tryAcquire(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            BenchSocket socket = factory.apply(i);
            sockets.add(socket);
            open(socket, options.urlFor(i)).whenComplete((ws, error) -> {
                if (error == null) {
                    ok.incrementAndGet();
                } else {
                    synchronized (firstError) {
                        if (firstError[0] == null) {
                            firstError[0] = String.valueOf(error.getCause() != null ? error.getCause() : error);
                        }
                    }
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
            if ((i + 1) % 2000 == 0) {
                Progress.log("connecting: %d started, %d open, %d failed", i + 1, ok.get(), failed.get());
            }
        }
        inFlight.tryAcquire(options.maxInFlight(), Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        long nanos = System.nanoTime() - start;
        Progress.log("connected %d, failed %d in %.1f s", ok.get(), failed.get(), nanos / 1e9);
        return new Ramp(sockets, ok.get(), failed.get(), nanos, firstError[0]);
    }

    CompletableFuture<java.net.http.WebSocket> open(BenchSocket socket, java.net.URI uri) {
        return client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, socket);
    }

    static HttpClient newHttpClient(ExecutorService executor) {
        return HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Drops every connection without a closing handshake (the run is over). */
    static void abortAll(List<BenchSocket> sockets) {
        for (BenchSocket s : sockets) {
            if (s.socket != null) {
                s.socket.abort();
            }
        }
    }
}
