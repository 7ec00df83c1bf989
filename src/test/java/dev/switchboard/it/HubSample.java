package dev.switchboard.it;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.switchboard.testing.HubProcess;
import dev.switchboard.testing.PrometheusText;

/**
 * What the leak and abuse tests compare with a baseline, read from the hub's {@code /metrics} as an operator would
 * (open connections, queued outbox frames and bytes, live threads, open files, heartbeat timeouts so far,
 * subscriptions and channels with subscribers).
 */
record HubSample(double connections, double outboxMessages, double outboxBytes, double threads, double openFiles,
        double heartbeatTimeouts, double subscriptions, double channels) {

    /** Scrapes {@code GET /metrics} of the hub on {@code port}. */
    static HubSample scrape(HttpClient http, int port) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("/metrics answered " + response.statusCode());
            }
            PrometheusText m = PrometheusText.parse(response.body());
            return new HubSample(m.value("switchboard_connections"), m.value("switchboard_outbox_queued_messages"),
                    m.value("switchboard_outbox_queued_bytes"), m.value("jvm_threads_live_threads"),
                    m.value("process_files_open_files"), m.value("switchboard_heartbeat_timeouts_total"),
                    m.value("switchboard_subscriptions"), m.value("switchboard_channels"));
        } catch (IOException e) {
            throw new AssertionError("/metrics unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** @return heap in use after full collections, repeated until it stops shrinking (at most 5 times) */
    static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    /**
     * @return the heap of the hub in {@code node} after full collections ({@code jcmd <pid> GC.run}), as its
     *         {@code /metrics} reports it (heap pools summed), repeated until it stops shrinking (at most 5 times)
     */
    static long heapAfterGc(HubProcess node) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            fullGc(node);
            long now = (long) node.metrics().samples("jvm_memory_used_bytes").stream()
                    .filter(s -> "heap".equals(s.labels().get("area")))
                    .mapToDouble(PrometheusText.Sample::value).sum();
            if (now >= used) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    private static void fullGc(HubProcess node) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process p = new ProcessBuilder(jcmd, Long.toString(node.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("jcmd " + node.pid() + " GC.run failed");
            }
        } catch (IOException e) {
            throw new AssertionError("jcmd unavailable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
