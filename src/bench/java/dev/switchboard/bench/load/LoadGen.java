package dev.switchboard.bench.load;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Switchboard's load generator: one process, one {@link HttpClient} shared by every WebSocket, a small executor.
 * Progress on stderr, ONE JSON summary line on stdout, then exit. Bounded by {@code --max-time} whatever happens;
 * loopback targets only. See docs/benchmarks.md for the scenarios.
 *
 * <pre>
 * java -cp … dev.switchboard.bench.load.LoadGen --scenario fanout --url ws://127.0.0.1:8080/ws --conns 1000 \
 *      --rate 100 --duration 10 --server-pid 1234 --jvm true --metrics-url http://127.0.0.1:8080/metrics
 * </pre>
 */
public final class LoadGen {

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        LoadOptions o = LoadOptions.parse(args);
        Progress.log("%s: %s against %s", o.label(), o.scenario(), o.url());
        warnIfTooFewFiles(o.conns());
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(o.threads(), r -> {
            Thread t = new Thread(r, "loadgen-ws-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadgen-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.schedule(() -> {
            System.out.println(base(o).put("error", "max-time " + o.maxTime().toSeconds() + " s reached"));
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }, o.maxTime().toSeconds(), TimeUnit.SECONDS);
        HttpClient http = Clients.newHttpClient(executor);
        HubProcess hub = new HubProcess(o.serverPid(), o.jvm(), o.metricsUrl(), http);
        Clients clients = new Clients(http, o);
        long cpu0 = selfCpuNanos();
        JsonLine result;
        try {
            result = switch (o.scenario()) {
                case "fanout", "rooms", "slow-consumer" -> new FanoutScenario(o, clients, hub).run();
                case "idle" -> new IdleScenario(o, clients, hub).run();
                case "churn" -> new ChurnScenario(o, clients, hub).run();
                default -> throw new IllegalArgumentException("unknown scenario " + o.scenario());
            };
        } catch (Exception | Error e) {
            // Whatever went wrong, the one JSON line still comes out (with the error), so no run ends without one.
            e.printStackTrace();
            System.out.println(base(o).put("error", e.toString()));
            System.out.flush();
            Runtime.getRuntime().halt(2);
            return;
        }
        JsonLine out = base(o).put("result", result)
                .put("loadgen_cpu_s", (selfCpuNanos() - cpu0) / 1e9)
                .put("loadgen_rss_kb", new HubProcess(ProcessHandle.current().pid(), false, null, http).rssKb());
        System.out.println(out);
        System.out.flush();
        // Sockets, the HttpClient and the pool go with the process: the summary is out, nothing else to wait for.
        Runtime.getRuntime().halt(0);
    }

    private static JsonLine base(LoadOptions o) {
        return new JsonLine().put("label", o.label()).put("scenario", o.scenario()).put("url", o.url().toString())
                .put("nodes", o.nodes().size()).put("protocol", o.protocol()).put("conns", o.conns())
                .put("rate", o.rate()).put("duration_s", o.duration().toSeconds())
                .put("hold_s", o.hold().toSeconds());
    }

    private static long selfCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    private static void warnIfTooFewFiles(int conns) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    long soft = Long.parseLong(line.substring(26).trim().split("\\s+")[0]);
                    if (soft < conns + 200L) {
                        Progress.log("WARNING: ulimit -n is %d, fewer than %d connections need", soft, conns + 200);
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            Progress.log("could not read /proc/self/limits: %s", e);
        }
    }
}
