package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.channel.Hub;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.WsClient;

/** Many threads sending to one user at once: every frame arrives, each sender's frames in the order sent. */
class OutboxOrderIT {

    private static final int THREADS = 64;
    private static final int PER_THREAD = 5_000;
    private static final Pattern DIRECT = Pattern.compile("\"data\":\\{\"t\":(\\d+),\"n\":(\\d+)}");

    /** Checks each sender's sequence as frames arrive, on the client's reading thread. */
    private static final class PerThreadOrder implements Predicate<String> {
        final AtomicReferenceArray<Integer> last = new AtomicReferenceArray<>(THREADS);
        final AtomicInteger received = new AtomicInteger();
        final AtomicReference<String> problem = new AtomicReference<>();

        @Override
        public boolean test(String frame) {
            if (!frame.startsWith("{\"type\":\"direct\"")) {
                return false;
            }
            Matcher m = DIRECT.matcher(frame);
            if (!m.find()) {
                problem.compareAndSet(null, "unexpected direct frame " + frame);
                return true;
            }
            int t = Integer.parseInt(m.group(1));
            int n = Integer.parseInt(m.group(2));
            Integer previous = last.get(t);
            int expected = previous == null ? 0 : previous + 1;
            if (n != expected) {
                problem.compareAndSet(null, "thread " + t + ": expected " + expected + ", got " + n);
            }
            last.set(t, n);
            received.incrementAndGet();
            return true;
        }
    }

    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings("outbox.max.messages", "400000",
            "outbox.max.bytes", "200000000");

    @Test
    void concurrentSendsToOneUserAllArriveInPerSenderOrder() throws Exception {
        PerThreadOrder order = new PerThreadOrder();
        try (WsClient client = WsClient.connect(hub.port(), order)) {
            String user = client.next("welcome").path("user").asText();
            Hub sender = hub.bean(Hub.class);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long start = System.nanoTime();
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        go.await();
                        int queued = 0;
                        for (int i = 0; i < PER_THREAD; i++) {
                            queued += sender.sendToUser(user, Frames.object("t", thread, "n", i).toString());
                        }
                        return queued;
                    }));
                }
                go.countDown();
                for (Future<Integer> r : results) {
                    assertThat(r.get(60, TimeUnit.SECONDS)).as("frames queued by one sender").isEqualTo(PER_THREAD);
                }
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("sender threads stopped").isTrue();
            }
            await("all " + THREADS * PER_THREAD + " direct frames arrive").atMost(Duration.ofSeconds(120))
                    .until(() -> order.received.get() >= THREADS * PER_THREAD || order.problem.get() != null);
            System.out.printf("OutboxOrderIT: %d frames in %d ms%n", order.received.get(),
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
            assertThat(order.problem.get()).as("order problem").isNull();
            assertThat(order.received.get()).isEqualTo(THREADS * PER_THREAD);
            for (int t = 0; t < THREADS; t++) {
                assertThat(order.last.get(t)).as("last frame of thread %d", t).isEqualTo(PER_THREAD - 1);
            }
            assertThat(client.isClosed()).as("the connection stays open").isFalse();
            assertThat(hub.bean(ConnectionRegistry.class).count()).isEqualTo(1);
            client.send(Frames.ping().id(1));
            assertThat(client.next("pong").path("id").asInt()).isEqualTo(1);
        }
    }
}
