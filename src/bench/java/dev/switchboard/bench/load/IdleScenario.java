package dev.switchboard.bench.load;

import java.time.Duration;

/**
 * {@code idle}: ramps {@code conns} connections that only answer the hub's pings, holds them for {@code hold}, and
 * reports the connect rate, the hub's RSS and heap (after a full GC) per connection, its threads and its CPU at
 * rest during the hold (which starts {@link #REST_SETTLE} after the heap measurement), and how many connections were
 * still open after it.
 */
final class IdleScenario {

    private static final Duration SETTLE = Duration.ofSeconds(2);
    /**
     * Between the heap measurement (a full GC) and the CPU window: the JIT compiles what the ramp made hot and the
     * collector finishes its concurrent work in the first seconds; "at rest" means after that.
     */
    private static final Duration REST_SETTLE = Duration.ofSeconds(10);

    private final LoadOptions o;
    private final Clients clients;
    private final HubProcess hub;

    IdleScenario(LoadOptions options, Clients clients, HubProcess hub) {
        this.o = options;
        this.clients = clients;
        this.hub = hub;
    }

    JsonLine run() throws Exception {
        Tally tally = new Tally();
        long heapBefore = hub.heapUsedAfterGcKb();
        long rssBefore = hub.rssKb();
        Clients.Ramp ramp = clients.connect(o.conns(), i -> new BenchSocket(BenchSocket.Mode.READING, null, tally),
                Duration.ofSeconds(30 + o.conns() / 200));
        Thread.sleep(SETTLE.toMillis());
        long rssAfter = hub.rssKb();
        long heapAfter = hub.heapUsedAfterGcKb();
        Thread.sleep(REST_SETTLE.toMillis());
        long ticks0 = hub.cpuTicks();
        long holdStart = System.nanoTime();
        Progress.log("HOLDING %d connections for %d s", ramp.connected(), o.hold().toSeconds());
        Thread.sleep(o.hold().toMillis());
        double restCpu = HubProcess.cpuPercent(ticks0, hub.cpuTicks(), System.nanoTime() - holdStart);
        long open = ramp.sockets().stream().filter(s -> s.socket != null && s.isOpen()).count();
        int n = Math.max(1, ramp.connected());
        JsonLine out = new JsonLine().put("connected", ramp.connected()).put("failed", ramp.failed())
                .put("first_error", ramp.firstError()).put("connect_rate_per_s", ramp.perSecond())
                .put("hub_rss_before_kb", rssBefore).put("hub_rss_idle_kb", rssAfter)
                .put("rss_per_conn_kb", rssBefore < 0 ? -1.0 : (rssAfter - rssBefore) / (double) n)
                .put("hub_heap_before_kb", heapBefore).put("hub_heap_idle_kb", heapAfter)
                .put("heap_per_conn_kb", heapBefore < 0 ? -1.0 : (heapAfter - heapBefore) / (double) n)
                .put("hub_threads", hub.threads()).put("hub_cpu_rest_pct", restCpu)
                .put("open_after_hold", open).put("hub_connections_gauge", hub.connectionsGauge());
        Clients.abortAll(ramp.sockets());
        return out;
    }
}
