package dev.switchboard.bench.load;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code churn}: {@code conns} concurrent loops, each connecting, subscribing (switchboard protocol), closing with
 * 1000 and waiting for the hub's close, for {@code duration}. Reports completed cycles per second and, through
 * {@code /metrics}, whether the hub's registry is back to zero afterwards and how long that took.
 */
final class ChurnScenario {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ZERO_WAIT = Duration.ofSeconds(10);

    private final LoadOptions o;
    private final Clients clients;
    private final HubProcess hub;
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    ChurnScenario(LoadOptions options, Clients clients, HubProcess hub) {
        this.o = options;
        this.clients = clients;
        this.hub = hub;
    }

    JsonLine run() throws Exception {
        long rssBefore = hub.rssKb();
        long end = System.nanoTime() + o.duration().toNanos();
        CountDownLatch loops = new CountDownLatch(o.conns());
        long start = System.nanoTime();
        for (int i = 0; i < o.conns(); i++) {
            cycle(i, end, loops);
        }
        loops.await(o.duration().toSeconds() + 2 * STEP_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        long nanos = System.nanoTime() - start;
        Progress.log("churn done: %d cycles, %d failures", cycles.get(), failures.get());
        long zeroStart = System.nanoTime();
        long gauge = hub.connectionsGauge();
        while (gauge > 0 && System.nanoTime() - zeroStart < ZERO_WAIT.toNanos()) {
            Thread.sleep(100);
            gauge = hub.connectionsGauge();
        }
        return new JsonLine().put("loops", o.conns()).put("cycles", cycles.get()).put("failures", failures.get())
                .put("cycles_per_s", cycles.get() / (nanos / 1e9)).put("hub_connections_after", gauge)
                .put("ms_to_zero", gauge == 0 ? (System.nanoTime() - zeroStart) / 1_000_000 : -1)
                .put("hub_rss_before_kb", rssBefore).put("hub_rss_after_kb", hub.rssKb())
                .put("hub_threads", hub.threads());
    }

    private void cycle(int i, long end, CountDownLatch loops) {
        if (System.nanoTime() >= end) {
            loops.countDown();
            return;
        }
        String subscribe = o.switchboardProtocol() ? "{\"type\":\"subscribe\",\"channel\":\"churn." + i + "\"}" : null;
        BenchSocket socket = new BenchSocket(BenchSocket.Mode.READING, subscribe, new Tally());
        long seconds = STEP_TIMEOUT.toSeconds();
        clients.open(socket, o.urlFor(i))
                .thenCompose(ws -> socket.ready.orTimeout(seconds, TimeUnit.SECONDS))
                .thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                .thenCompose(ws -> socket.closed.orTimeout(seconds, TimeUnit.SECONDS))
                .whenComplete((ok, error) -> {
                    if (socket.socket != null) {
                        socket.socket.abort();
                    }
                    (error == null ? cycles : failures).incrementAndGet();
                    cycle(i, end, loops);
                });
    }
}
