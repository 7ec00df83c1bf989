package dev.switchboard.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.support.MonotonicClock;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.support.Shutdowns;
import dev.switchboard.testing.ManualExecutor;

/** Many producers against one outbox, and long runs of synchronous completions. */
class OutboxConcurrencyTest {

    private static final int PRODUCERS = 64;
    private static final int FRAMES_PER_PRODUCER = 5_000;
    private static final OutboxLimits UNBOUNDED = new OutboxLimits(Integer.MAX_VALUE, Long.MAX_VALUE);

    private final ExecutorService drainPool =
            Executors.newFixedThreadPool(4, new NamedThreadFactory("outbox-test-drain", true));
    private final ExecutorService completionPool =
            Executors.newFixedThreadPool(2, new NamedThreadFactory("outbox-test-io", true));
    private final ExecutorService producerPool =
            Executors.newFixedThreadPool(PRODUCERS, new NamedThreadFactory("outbox-test-producer", true));
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopPools() {
        Duration wait = Duration.ofSeconds(10);
        assertThat(Shutdowns.stop(producerPool, wait, "producers")).isTrue();
        assertThat(Shutdowns.stop(drainPool, wait, "drain")).isTrue();
        assertThat(Shutdowns.stop(completionPool, wait, "completion")).isTrue();
    }

    @Test
    void concurrentProducersGetEveryFrameWrittenOnceInOrderWithOneWriterAtATime() throws Exception {
        RacingTransport transport = new RacingTransport(completionPool);
        RecordingListener listener = new RecordingListener(false);
        Outbox outbox = new Outbox(transport, UNBOUNDED, guarded(drainPool), MonotonicClock.SYSTEM, listener);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            producers.add(producerPool.submit(() -> {
                start.await();
                for (int i = 0; i < FRAMES_PER_PRODUCER; i++) {
                    if (outbox.enqueue(producer + ":" + i) != EnqueueResult.ACCEPTED) {
                        refused.incrementAndGet();
                    }
                    if (i % 1_000 == 0) {
                        outbox.enqueuePing();
                    }
                }
                return null;
            }));
        }

        start.countDown();
        for (Future<?> producer : producers) {
            producer.get(60, TimeUnit.SECONDS);
        }
        int total = PRODUCERS * FRAMES_PER_PRODUCER;
        await("all " + total + " frames written").atMost(Duration.ofSeconds(60))
                .until(() -> listener.written() == total && outbox.queuedMessages() == 0);

        assertThat(refused).hasValue(0);
        assertThat(errors).isEmpty();
        assertThat(transport.maxInFlight()).as("writes in flight at once").isEqualTo(1);
        assertThat(transport.texts()).hasSize(total);
        assertThat(nextExpected(transport.texts())).as("each producer's frames, all, in order")
                .containsOnly(FRAMES_PER_PRODUCER);
        assertThat(listener.queuedMessages()).isZero();
        assertThat(listener.queuedBytes()).isZero();
        assertThat(listener.failures()).isEmpty();
    }

    @Test
    void aHundredThousandSynchronousCompletionsDoNotGrowTheStack() {
        List<Integer> depths = new ArrayList<>();
        AtomicInteger writes = new AtomicInteger();
        Transport synchronous = new Transport() {
            @Override
            public void sendTexts(List<OutboundFrame> frames, WriteCallback callback) {
                if (writes.getAndIncrement() % 10_000 == 0) {
                    depths.add(Thread.currentThread().getStackTrace().length);
                }
                callback.completed();
            }

            @Override
            public void sendPing(WriteCallback callback) {
                callback.completed();
            }

            @Override
            public void close(CloseCode code) {
                // Nothing to tear down in this fake.
            }
        };
        ManualExecutor executor = new ManualExecutor();
        RecordingListener listener = new RecordingListener(false);
        Outbox outbox = new Outbox(synchronous, UNBOUNDED, executor, MonotonicClock.SYSTEM, listener);
        for (int i = 0; i < 100_000; i++) {
            outbox.enqueue("frame-" + i);
        }

        assertThat(executor.runAll()).as("one drain task writes everything").isEqualTo(1);

        assertThat(writes).hasValue(100_000);
        assertThat(listener.written()).isEqualTo(100_000);
        assertThat(depths).hasSize(10).containsOnly(depths.get(0));
        assertThat(outbox.queuedMessages()).isZero();
    }

    /** @return for each producer, the index its next frame should have had: all equal when nothing was lost */
    private static List<Integer> nextExpected(List<String> texts) {
        int[] next = new int[PRODUCERS];
        for (String text : texts) {
            int colon = text.indexOf(':');
            int producer = Integer.parseInt(text.substring(0, colon));
            int index = Integer.parseInt(text.substring(colon + 1));
            assertThat(index).as("frame order of producer %d", producer).isEqualTo(next[producer]);
            next[producer]++;
        }
        List<Integer> result = new ArrayList<>();
        for (int n : next) {
            result.add(n);
        }
        return result;
    }

    /** Records anything a drain task throws, which an executor would otherwise swallow. */
    private Executor guarded(Executor executor) {
        return task -> executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                errors.add(e);
                throw e;
            }
        });
    }

    /**
     * Completes each write at random either synchronously inside the write call or later on another thread, and
     * records the most writes ever in flight at once.
     */
    private final class RacingTransport implements Transport {

        private final Executor completions;
        private final Queue<String> texts = new ConcurrentLinkedQueue<>();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();

        RacingTransport(Executor completions) {
            this.completions = completions;
        }

        @Override
        public void sendTexts(List<OutboundFrame> frames, WriteCallback callback) {
            texts.add(frames.get(0).text());
            begin(callback);
        }

        @Override
        public void sendPing(WriteCallback callback) {
            begin(callback);
        }

        @Override
        public void close(CloseCode code) {
            errors.add(new AssertionError("unexpected close " + code));
        }

        List<String> texts() {
            return List.copyOf(texts);
        }

        int maxInFlight() {
            return maxInFlight.get();
        }

        private void begin(WriteCallback callback) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            if (ThreadLocalRandom.current().nextBoolean()) {
                inFlight.decrementAndGet();
                callback.completed();
                return;
            }
            completions.execute(() -> {
                inFlight.decrementAndGet();
                callback.completed();
            });
        }
    }
}
