package dev.switchboard.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.Test;

import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.testing.FakeClock;
import dev.switchboard.testing.ManualExecutor;

/** The outbox's queueing rules, with a hand-driven transport and executor: every interleaving is chosen here. */
class OutboxTest {

    private final ScriptedTransport transport = new ScriptedTransport();
    private final ManualExecutor executor = new ManualExecutor();
    private final FakeClock clock = new FakeClock();
    private final RecordingListener listener = new RecordingListener(true);

    private Outbox outbox(int maxMessages, long maxBytes) {
        return new Outbox(transport, new OutboxLimits(maxMessages, maxBytes), executor, clock, listener);
    }

    private Outbox outbox() {
        return outbox(100, 10_000);
    }

    /** Completes the write in flight and runs the drain it resubmits, {@code writes} times. */
    private void completeWrites(ScriptedTransport target, int writes) {
        for (int i = 0; i < writes; i++) {
            target.completeNext();
            executor.runAll();
        }
    }

    /** Runs the drain, completes the write in flight, and repeats until nothing is pending. */
    private void drainCompletely() {
        executor.runAll();
        while (transport.pendingWrites() > 0) {
            transport.completeNext();
            executor.runAll();
        }
    }

    @Test
    void writesInFifoOrderWithOneWriteInFlight() {
        Outbox outbox = outbox();

        assertThat(outbox.enqueue("a")).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueue("b")).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueue("c")).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(transport.events()).as("nothing is written on the caller's thread").isEmpty();
        assertThat(executor.pending()).as("one drain task for three frames").isEqualTo(1);

        executor.runAll();
        assertThat(transport.events()).containsExactly("text:a");
        assertThat(outbox.queuedMessages()).isEqualTo(2);
        assertThat(outbox.queuedBytes()).isEqualTo(2);

        transport.completeNext();
        assertThat(transport.events()).as("an async completion resubmits the drain").containsExactly("text:a");
        executor.runAll();
        assertThat(transport.events()).containsExactly("text:a", "text:b");

        drainCompletely();
        assertThat(transport.events()).containsExactly("text:a", "text:b", "text:c");
        assertThat(transport.maxInFlight()).isEqualTo(1);
        assertThat(executor.pending()).as("an idle outbox schedules nothing").isZero();
        assertThat(listener.written()).isEqualTo(3);
        assertThat(listener.queuedMessages()).isZero();
        assertThat(listener.queuedBytes()).isZero();
    }

    @Test
    void enqueueAfterIdleStartsANewDrain() {
        Outbox outbox = outbox();
        outbox.enqueue("a");
        drainCompletely();

        outbox.enqueue("b");
        assertThat(executor.pending()).isEqualTo(1);
        drainCompletely();

        assertThat(transport.events()).containsExactly("text:a", "text:b");
    }

    @Test
    void reportsBytesAndQueueTimeOfEachWrite() {
        Outbox outbox = outbox();
        outbox.enqueue("hello");
        clock.advance(Duration.ofMillis(5));
        executor.runAll();
        clock.advance(Duration.ofMillis(2));
        transport.completeNext();

        assertThat(listener.writes()).singleElement()
                .satisfies(w -> assertThat(w).containsExactly(5, Duration.ofMillis(7).toNanos()));
    }

    @Test
    void reportsTheUtf8BytesOfAWriteNotItsChars() {
        Outbox outbox = outbox();
        outbox.enqueue("h\u00e9 \u2713 \uD83D\uDE00");
        executor.runAll();
        transport.completeNext();

        // h=1, é=2, space=1, ✓=3, space=1, 😀=4 (a surrogate pair): 12 bytes in 7 chars
        assertThat(listener.writes()).singleElement().satisfies(w -> assertThat(w[0]).isEqualTo(12));
    }

    @Test
    void overflowByCountCountsTheWriteInFlightAndIsReportedOnce() {
        Outbox outbox = outbox(3, 1_000);
        outbox.enqueue("a");
        executor.runAll();

        assertThat(outbox.enqueue("b")).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueue("c")).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueue("d")).isEqualTo(EnqueueResult.OVERFLOW);
        assertThat(outbox.enqueue("e")).isEqualTo(EnqueueResult.CLOSED);
        assertThat(outbox.enqueuePing()).isEqualTo(EnqueueResult.CLOSED);

        assertThat(outbox.isSealed()).isTrue();
        assertThat(outbox.queuedMessages()).isZero();
        assertThat(outbox.queuedBytes()).isZero();
        assertThat(listener.queuedMessages()).isZero();
        assertThat(listener.queuedBytes()).isZero();

        drainCompletely();
        assertThat(transport.events()).as("dropped frames are never written, and the caller closes")
                .containsExactly("text:a");
        assertThat(outbox.isDrained()).isTrue();
    }

    @Test
    void overflowByBytesCountsThePayloadsUtf8Bytes() {
        Outbox outbox = outbox(100, 10);

        assertThat(outbox.enqueue("aaaa")).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueue("bbbb")).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueue("cc")).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueue("d")).isEqualTo(EnqueueResult.OVERFLOW);
        assertThat(outbox.enqueue("e")).isEqualTo(EnqueueResult.CLOSED);

        assertThat(outbox.queuedMessages()).isZero();
        assertThat(outbox.queuedBytes()).isZero();
        assertThat(listener.queuedMessages()).isZero();
        assertThat(listener.queuedBytes()).isZero();
        executor.runAll();
        assertThat(transport.events()).isEmpty();
    }

    @Test
    void aSingleFrameLargerThanTheLimitOverflows() {
        Outbox outbox = outbox(100, 3);

        assertThat(outbox.enqueue("abcd")).isEqualTo(EnqueueResult.OVERFLOW);
        assertThat(outbox.enqueue("a")).isEqualTo(EnqueueResult.CLOSED);
    }

    @Test
    void pingJumpsQueuedFramesButNotTheWriteInFlightAndIsCoalesced() {
        Outbox outbox = outbox();
        outbox.enqueue("a");
        outbox.enqueue("b");
        outbox.enqueue("c");
        executor.runAll();

        assertThat(outbox.enqueuePing()).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueuePing()).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(transport.events()).as("the write in flight is not interrupted").containsExactly("text:a");

        drainCompletely();
        assertThat(transport.events()).containsExactly("text:a", "ping", "text:b", "text:c");
        assertThat(listener.written()).as("pings are not text frames").isEqualTo(3);
    }

    @Test
    void pingsDoNotCountAgainstTheLimits() {
        Outbox outbox = outbox(1, 1);
        assertThat(outbox.enqueue("a")).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueuePing()).isEqualTo(EnqueueResult.ACCEPTED);

        drainCompletely();
        assertThat(transport.events()).containsExactly("ping", "text:a");
    }

    @Test
    void detectsAStalledWriteWithTheClock() {
        Outbox outbox = outbox();
        Duration timeout = Duration.ofSeconds(10);
        outbox.enqueue("a");
        clock.advance(Duration.ofSeconds(30));
        assertThat(outbox.isWriteStalled(clock.nanoTime(), timeout)).as("queued is not in flight").isFalse();

        executor.runAll();
        clock.advance(timeout);
        assertThat(outbox.isWriteStalled(clock.nanoTime(), timeout)).as("exactly the timeout").isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(outbox.isWriteStalled(clock.nanoTime(), timeout)).isTrue();

        transport.completeNext();
        assertThat(outbox.isWriteStalled(clock.nanoTime(), timeout)).isFalse();
    }

    @Test
    void aStalledPingCountsToo() {
        Outbox outbox = outbox();
        outbox.enqueuePing();
        executor.runAll();
        clock.advance(Duration.ofSeconds(11));

        assertThat(outbox.isWriteStalled(clock.nanoTime(), Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aFailedWriteSealsDropsAndIsReportedOnce() {
        Outbox outbox = outbox();
        outbox.enqueue("a");
        outbox.enqueue("b");
        outbox.enqueuePing();
        executor.runAll();
        IOException broken = new IOException("broken pipe");

        transport.failNext(broken);
        executor.runAll();

        assertThat(listener.failures()).containsExactly(broken);
        assertThat(outbox.isSealed()).isTrue();
        assertThat(outbox.queuedMessages()).isZero();
        assertThat(listener.queuedMessages()).isZero();
        assertThat(listener.queuedBytes()).isZero();
        assertThat(outbox.enqueue("c")).isEqualTo(EnqueueResult.CLOSED);
        assertThat(transport.events()).as("no further write, and the endpoint sees the close")
                .containsExactly("ping");
        assertThat(outbox.isDrained()).isTrue();
    }

    @Test
    void aWriteCallThatThrowsCountsAsAFailedWrite() {
        RuntimeException boom = new IllegalStateException("session closed");
        Transport throwing = new ScriptedTransport() {
            @Override
            public void sendTexts(List<OutboundFrame> frames, WriteCallback callback) {
                throw boom;
            }
        };
        Outbox outbox = new Outbox(throwing, new OutboxLimits(10, 100), executor, clock, listener);
        outbox.enqueue("a");
        outbox.enqueue("b");

        executor.runAll();

        assertThat(listener.failures()).containsExactly(boom);
        assertThat(outbox.isDrained()).isTrue();
    }

    @Test
    void extraCompletionsFromABuggyTransportAreIgnored() {
        Transport twice = new ScriptedTransport() {
            @Override
            public void sendTexts(List<OutboundFrame> frames, WriteCallback callback) {
                super.sendTexts(frames, callback);
                callback.completed();
                callback.failed(new IOException("late"));
            }
        };
        Outbox outbox = new Outbox(twice, new OutboxLimits(10, 100), executor, clock, listener);
        outbox.enqueue("a");
        outbox.enqueue("b");

        executor.runAll();

        assertThat(listener.written()).isEqualTo(2);
        assertThat(listener.failures()).isEmpty();
    }

    @Test
    void aThrowingListenerDoesNotDisturbTheOutbox() {
        OutboxListener throwing = new OutboxListener() {
            @Override
            public void onWritten(int bytes, long queuedNanos) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onQueueChanged(int deltaMessages, long deltaBytes) {
                throw new IllegalStateException("listener bug");
            }
        };
        Outbox outbox = new Outbox(transport, new OutboxLimits(10, 100), executor, clock, throwing);

        assertThat(outbox.enqueue("a")).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueue("b")).isEqualTo(EnqueueResult.ACCEPTED);
        drainCompletely();

        assertThat(transport.events()).containsExactly("text:a", "text:b");
    }

    @Test
    void aRejectingExecutorDiscardsTheOutbox() {
        Outbox outbox = new Outbox(transport, new OutboxLimits(10, 100), task -> {
            throw new RejectedExecutionException("shut down");
        }, clock, listener);

        outbox.enqueue("a");

        assertThat(outbox.isSealed()).isTrue();
        assertThat(outbox.isDrained()).isTrue();
        assertThat(listener.queuedMessages()).isZero();
        assertThat(outbox.enqueue("b")).isEqualTo(EnqueueResult.CLOSED);
    }

    @Test
    void overflowCountsUtf8BytesNotChars() {
        Outbox outbox = outbox(100, 10);

        // 4 chars but 8 bytes: é is 2 bytes in UTF-8.
        assertThat(outbox.enqueue("\u00e9\u00e9\u00e9\u00e9")).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.queuedBytes()).isEqualTo(8);
        assertThat(listener.queuedBytes()).isEqualTo(8);
        assertThat(outbox.enqueue("\u00e9\u00e9")).as("12 bytes > 10, though only 6 chars")
                .isEqualTo(EnqueueResult.OVERFLOW);
    }

    @Test
    void aWriteCarriesTheQueuedFramesInOrderUpToTheTransportsBatch() {
        ScriptedTransport batching = new ScriptedTransport(3);
        Outbox outbox = new Outbox(batching, new OutboxLimits(100, 10_000), executor, clock, listener);
        outbox.enqueue("a");
        executor.runAll();
        for (String s : List.of("b", "c", "d", "e")) {
            outbox.enqueue(s);
        }
        clock.advance(Duration.ofMillis(5));

        completeWrites(batching, 3);

        assertThat(batching.events()).containsExactly("text:a", "text:b|c|d", "text:e");
        assertThat(batching.maxInFlight()).isEqualTo(1);
        assertThat(listener.written()).as("each frame of a batch is reported").isEqualTo(5);
        assertThat(listener.writes()).extracting(w -> w[0]).containsOnly(1L);
        assertThat(listener.queuedMessages()).isZero();
        assertThat(listener.queuedBytes()).isZero();
    }

    @Test
    void framesInABatchingWriteCountAgainstTheLimitsUntilItCompletes() {
        ScriptedTransport batching = new ScriptedTransport(3);
        Outbox outbox = new Outbox(batching, new OutboxLimits(4, 10_000), executor, clock, listener);
        outbox.enqueue("a");
        outbox.enqueue("b");
        outbox.enqueue("c");
        executor.runAll();
        assertThat(batching.events()).containsExactly("text:a|b|c");

        assertThat(outbox.enqueue("d")).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueue("e")).as("3 in flight + 1 queued is the limit of 4")
                .isEqualTo(EnqueueResult.OVERFLOW);
    }

    @Test
    void aBatchStopsAtTheBytesPerWriteAndALargerFrameGoesAlone() {
        ScriptedTransport batching = new ScriptedTransport(64);
        Outbox outbox = new Outbox(batching, new OutboxLimits(100, 10_000_000), executor, clock, listener);
        int third = (int) (Outbox.MAX_BYTES_PER_WRITE / 3);
        String big = "x".repeat((int) Outbox.MAX_BYTES_PER_WRITE * 2);
        outbox.enqueue("first");
        executor.runAll();
        outbox.enqueue("a".repeat(third));
        outbox.enqueue("b".repeat(third));
        outbox.enqueue("c".repeat(third));
        outbox.enqueue(big);
        outbox.enqueue("z");

        completeWrites(batching, 4);

        assertThat(batching.events()).extracting(e -> e.split("\\|").length)
                .as("first; a|b (a third frame's headers would pass the cap); c; the big frame alone; z")
                .containsExactly(1, 2, 1, 1, 1);
        completeWrites(batching, 1);
        assertThat(listener.written()).isEqualTo(6);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new OutboxLimits(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessages");
        assertThatThrownBy(() -> new OutboxLimits(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes");
    }

    @Test
    void aRefillRunsOnTheExecutorAtOnceWhenTheQueueIsAlreadyLowEnough() {
        Outbox outbox = outbox();
        List<String> runs = new ArrayList<>();

        assertThat(outbox.refillWhenAtMost(2, () -> runs.add("refill"))).isTrue();
        assertThat(runs).as("never on the caller's thread").isEmpty();
        executor.runAll();
        assertThat(runs).containsExactly("refill");
        executor.runAll();
        assertThat(runs).as("each refill runs once").containsExactly("refill");
    }

    @Test
    void aRefillWaitsUntilTheDrainHasTakenTheQueueDownToItsThreshold() {
        Outbox outbox = outbox();
        for (String text : List.of("a", "b", "c", "d", "e")) {
            outbox.enqueue(text);
        }
        List<Integer> queuedAtRefill = new ArrayList<>();
        outbox.refillWhenAtMost(2, () -> queuedAtRefill.add(outbox.queuedMessages()));

        executor.runAll(); // "a" in flight, four queued
        completeWrites(transport, 1); // "b" in flight, three queued
        assertThat(queuedAtRefill).as("three queued: not yet").isEmpty();
        completeWrites(transport, 1); // "c" in flight, two queued
        assertThat(queuedAtRefill).as("the refill ran as the queue reached two").containsExactly(2);
        drainCompletely();
        assertThat(queuedAtRefill).as("once").hasSize(1);
        assertThat(transport.events()).containsExactly("text:a", "text:b", "text:c", "text:d", "text:e");
    }

    @Test
    void severalProducersMayWaitForRefillsAtOnce() {
        Outbox outbox = outbox();
        outbox.enqueue("a");
        outbox.enqueue("b");
        List<String> runs = new ArrayList<>();
        outbox.refillWhenAtMost(0, () -> runs.add("first"));
        outbox.refillWhenAtMost(0, () -> runs.add("second"));

        drainCompletely();

        assertThat(runs).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void aSealedOutboxDropsItsRefillsAndRefusesNewOnes() {
        Outbox outbox = outbox();
        outbox.enqueue("a");
        outbox.enqueue("b");
        outbox.enqueue("c");
        List<String> runs = new ArrayList<>();
        outbox.refillWhenAtMost(0, () -> runs.add("refill"));

        outbox.close(CloseCodes.SLOW_CONSUMER, false);
        drainCompletely();

        assertThat(runs).as("a closed outbox never asks its producer for more").isEmpty();
        assertThat(outbox.refillWhenAtMost(10, () -> runs.add("late"))).isFalse();
        executor.runAll();
        assertThat(runs).isEmpty();
        assertThat(executor.pending()).as("no work left scheduled").isZero();
    }
}
