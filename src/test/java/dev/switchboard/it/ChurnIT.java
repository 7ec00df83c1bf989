package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.it.ChurnCycles.Ending;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.testing.HubExtension;

/**
 * Connect/subscribe/disconnect churn with a third of the connections torn down abruptly (TCP reset, half-open
 * peers that stop answering, clients killed mid-handshake): afterwards connections, subscriptions, presence,
 * outbox bytes and live threads are back at their baseline, every half-open peer was found by the heartbeat
 * (4008), and the heap after a full GC is within 5% of the start. 3,000 cycles here; {@code scripts/churn CYCLES}
 * runs it longer ({@code -Dswitchboard.churn.cycles}).
 */
class ChurnIT {

    private static final int CYCLES = Integer.getInteger("switchboard.churn.cycles", 3_000);
    private static final int WORKERS = 8;
    private static final int CHANNELS = 20;
    /** Threads that may come and go beside the baseline: JDK and Grizzly pools that grow on demand. */
    private static final int THREAD_MARGIN = 16;

    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings("max.connections.per.ip", "20000",
            "rate.handshakes.per.second", "1000000", "rate.handshakes.burst", "1000000",
            "heartbeat.seconds", "1", "idle.timeout.seconds", "3", "handshake.timeout.seconds", "3");
    private ExecutorService workers;
    private HttpClient http;

    @BeforeEach
    void start() {
        workers = Executors.newFixedThreadPool(WORKERS, new NamedThreadFactory("churn-client", true));
        ((ThreadPoolExecutor) workers).prestartAllCoreThreads();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        workers.shutdownNow();
        assertThat(workers.awaitTermination(20, TimeUnit.SECONDS)).as("client workers stop").isTrue();
    }

    @Test
    void churnWithAbruptTeardownsLeavesNothingBehind() throws Exception {
        ConnectionRegistry registry = hub.bean(ConnectionRegistry.class);
        ChannelService channels = hub.bean(ChannelService.class);
        ChurnCycles churn = new ChurnCycles(hub.port(), CHANNELS, Duration.ofSeconds(6));
        // Warm-up: one cycle of each ending, so lazily started threads and classes are in the baseline.
        runCycles(churn, 12);
        settle(churn, registry);
        long[] warm = new long[Ending.values().length];
        for (Ending e : Ending.values()) {
            warm[e.ordinal()] = churn.count(e);
        }
        HubSample before = HubSample.scrape(http, hub.port());
        long heapBefore = HubSample.heapAfterGc();
        long started = System.nanoTime();

        runCycles(churn, CYCLES);
        long ran = System.nanoTime() - started;
        settle(churn, registry);

        HubSample after = HubSample.scrape(http, hub.port());
        assertThat(after.connections()).as("open connections").isEqualTo(before.connections()).isZero();
        assertThat(registry.channelCount()).as("channels with subscribers").isZero();
        assertThat(after.subscriptions()).as("switchboard_subscriptions").isZero();
        assertThat(after.channels()).as("switchboard_channels").isZero();
        for (int c = 0; c < CHANNELS; c++) {
            assertThat(channels.presence("churn:" + c).toCompletableFuture().join()).as("presence of churn:%d", c).isEmpty();
        }
        assertThat(after.outboxBytes()).as("outbox bytes").isZero();
        assertThat(after.outboxMessages()).as("outbox frames").isZero();
        assertThat(after.heartbeatTimeouts() - before.heartbeatTimeouts())
                .as("every half-open peer found silent and closed with 4008, no other")
                .isEqualTo((double) churn.count(Ending.HALF_OPEN) - warm[Ending.HALF_OPEN.ordinal()]);
        await("live threads back to the baseline of " + before.threads()).atMost(Duration.ofSeconds(30))
                .until(() -> HubSample.scrape(http, hub.port()).threads() <= before.threads() + THREAD_MARGIN);
        long heapAfter = HubSample.heapAfterGc();
        HubSample settled = HubSample.scrape(http, hub.port());
        System.out.printf("churn: %d cycles (%d polite, %d reset, %d half-open, %d killed in handshake) in %d ms;"
                + " connections %.0f -> %.0f, outbox bytes %.0f, threads %.0f -> %.0f, open files %.0f -> %.0f,"
                + " heap after GC %d -> %d KiB (%+.2f%%)%n", CYCLES, churn.count(Ending.POLITE) - warm[0],
                churn.count(Ending.RESET) - warm[1], churn.count(Ending.HALF_OPEN) - warm[2],
                churn.count(Ending.KILLED_IN_HANDSHAKE) - warm[3], TimeUnit.NANOSECONDS.toMillis(ran),
                before.connections(), settled.connections(), settled.outboxBytes(), before.threads(),
                settled.threads(), before.openFiles(), settled.openFiles(), heapBefore / 1024, heapAfter / 1024,
                100.0 * (heapAfter - heapBefore) / heapBefore);
        assertThat(heapAfter).as("heap after a full GC within 5%% of the start (%d bytes)", heapBefore)
                .isLessThanOrEqualTo(heapBefore + heapBefore / 20);
    }

    /** Runs cycles 0..count-1 on the workers and fails on the first cycle that fails. */
    private void runCycles(ChurnCycles churn, int count) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            running.add(workers.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    churn.run(i);
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(30 + count / 100, TimeUnit.SECONDS);
        }
    }

    /** Waits for the hub to close every half-open peer, then closes our ends and waits for an empty registry. */
    private void settle(ChurnCycles churn, ConnectionRegistry registry) {
        await("the heartbeat to close every half-open peer").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    churn.release(false);
                    return churn.held() == 0;
                });
        await("every connection to leave the registry").atMost(Duration.ofSeconds(10))
                .until(() -> registry.count() == 0);
    }
}
