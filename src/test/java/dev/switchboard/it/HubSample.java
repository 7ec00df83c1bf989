package dev.switchboard.it;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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
}
