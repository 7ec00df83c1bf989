package dev.switchboard.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.support.Shutdowns;
import dev.switchboard.testing.FakeClock;
import dev.switchboard.testing.ManualExecutor;

/** Close goes last when draining, first otherwise, always on the executor, and only once. */
class OutboxCloseTest {

    private static final String DRAIN_THREAD = "outbox-close-test-drain";

    private final ScriptedTransport transport = new ScriptedTransport();
    private final ManualExecutor executor = new ManualExecutor();
    private final FakeClock clock = new FakeClock();
    private final RecordingListener listener = new RecordingListener(false);
    private final ExecutorService realExecutor =
            Executors.newSingleThreadExecutor(new NamedThreadFactory(DRAIN_THREAD, true));

    @AfterEach
    void stopExecutor() {
        assertThat(Shutdowns.stop(realExecutor, Duration.ofSeconds(5), DRAIN_THREAD)).isTrue();
    }

    private Outbox outbox() {
        return new Outbox(transport, new OutboxLimits(100, 10_000), executor, clock, listener);
    }

    private void drainCompletely() {
        executor.runAll();
        while (transport.pendingWrites() > 0) {
            transport.completeNext();
            executor.runAll();
        }
    }

    @Test
    void drainingCloseWritesTheQueueThenClosesLast() {
        Outbox outbox = outbox();
        outbox.enqueue("a");
        outbox.enqueue("b");

        outbox.close(CloseCodes.GOING_AWAY, true);
        assertThat(outbox.isSealed()).isTrue();
        assertThat(outbox.enqueue("c")).isEqualTo(EnqueueResult.CLOSED);
        assertThat(outbox.enqueuePing()).isEqualTo(EnqueueResult.CLOSED);
        assertThat(transport.events()).as("nothing happens on the caller's thread").isEmpty();

        drainCompletely();
        assertThat(transport.events()).containsExactly("text:a", "text:b", "close:1001");
        assertThat(outbox.isDrained()).isTrue();
        assertThat(listener.queuedMessages()).isZero();
    }

    @Test
    void immediateCloseDropsTheQueueAndClosesWhileAWriteIsStuck() {
        Outbox outbox = outbox();
        outbox.enqueue("a");
        outbox.enqueue("b");
        outbox.enqueue("c");
        executor.runAll();

        outbox.close(CloseCodes.SLOW_CONSUMER, false);
        assertThat(outbox.queuedMessages()).isZero();
        assertThat(listener.queuedMessages()).isZero();
        assertThat(listener.queuedBytes()).isZero();
        assertThat(transport.events()).as("nothing happens on the caller's thread").containsExactly("text:a");

        executor.runAll();
        assertThat(transport.events()).containsExactly("text:a", "close:4009");
        assertThat(transport.pendingWrites()).as("the stuck write is still in flight").isEqualTo(1);
        assertThat(outbox.isDrained()).isFalse();

        transport.failNext(new IOException("closed"));
        executor.runAll();
        assertThat(outbox.isDrained()).isTrue();
        assertThat(listener.failures()).as("a failure caused by our own close is expected").isEmpty();
        assertThat(transport.events()).containsExactly("text:a", "close:4009");
    }

    @Test
    void immediateCloseOfAnIdleOutboxWritesNothing() {
        Outbox outbox = outbox();
        outbox.enqueue("a");
        outbox.enqueuePing();

        outbox.close(CloseCodes.SLOW_CONSUMER, false);
        drainCompletely();

        assertThat(transport.events()).containsExactly("close:4009");
        assertThat(outbox.isDrained()).isTrue();
    }

    @Test
    void closeJumpsTheQueueBetweenWrites() {
        Outbox outbox = outbox();
        outbox.enqueue("a");
        outbox.enqueue("b");
        executor.runAll();
        transport.completeNext();

        outbox.close(CloseCodes.POLICY_VIOLATION, false);
        drainCompletely();

        assertThat(transport.events()).containsExactly("text:a", "close:1008");
    }

    @Test
    void closeIsIdempotent() {
        Outbox outbox = outbox();
        outbox.close(CloseCodes.NORMAL, false);
        outbox.close(CloseCodes.NORMAL, false);
        outbox.close(CloseCodes.GOING_AWAY, true);
        outbox.close(CloseCodes.SLOW_CONSUMER, false);
        drainCompletely();
        outbox.close(CloseCodes.SLOW_CONSUMER, false);
        outbox.discard();
        drainCompletely();

        assertThat(transport.events()).containsExactly("close:1000");
    }

    @Test
    void anImmediateCloseHurriesAGracefulCloseStuckBehindAWrite() {
        Outbox outbox = outbox();
        outbox.enqueue("a");
        outbox.enqueue("b");
        executor.runAll();
        outbox.close(CloseCodes.GOING_AWAY, true);

        outbox.close(CloseCodes.SLOW_CONSUMER, false);
        executor.runAll();

        assertThat(outbox.queuedMessages()).isZero();
        assertThat(transport.events()).as("the first close's code, without waiting for the stuck write")
                .containsExactly("text:a", "close:1001");
        transport.completeNext();
        drainCompletely();
        assertThat(transport.events()).containsExactly("text:a", "close:1001");
    }

    @Test
    void theCallerClosesAfterAnOverflow() {
        Outbox outbox = new Outbox(transport, new OutboxLimits(1, 100), executor, clock, listener);
        outbox.enqueue("a");
        executor.runAll();
        assertThat(outbox.enqueue("b")).isEqualTo(EnqueueResult.OVERFLOW);
        transport.completeNext();
        executor.runAll();
        assertThat(transport.events()).as("overflow does not close by itself").containsExactly("text:a");

        outbox.close(CloseCodes.SLOW_CONSUMER, false);
        executor.runAll();

        assertThat(transport.events()).containsExactly("text:a", "close:4009");
    }

    @Test
    void discardDropsEverythingAndNeverCloses() {
        Outbox outbox = outbox();
        outbox.enqueue("a");
        outbox.enqueue("b");
        executor.runAll();

        outbox.discard();
        outbox.discard();
        assertThat(outbox.queuedMessages()).isZero();
        assertThat(listener.queuedMessages()).isZero();
        assertThat(outbox.enqueue("c")).isEqualTo(EnqueueResult.CLOSED);
        assertThat(outbox.isDrained()).as("a write is still in flight").isFalse();
        outbox.close(CloseCodes.NORMAL, false);

        drainCompletely();
        assertThat(transport.events()).containsExactly("text:a");
        assertThat(outbox.isDrained()).isTrue();
    }

    @Test
    void discardWithdrawsAPendingGracefulClose() {
        Outbox outbox = outbox();
        outbox.enqueue("a");
        executor.runAll();
        outbox.close(CloseCodes.GOING_AWAY, true);

        outbox.discard();
        drainCompletely();

        assertThat(transport.events()).containsExactly("text:a");
        assertThat(outbox.isDrained()).isTrue();
    }

    @Test
    void isDrainedOnlyOnceSealedEmptyAndClosed() {
        Outbox outbox = outbox();
        assertThat(outbox.isDrained()).as("open").isFalse();
        outbox.enqueue("a");
        executor.runAll();

        outbox.close(CloseCodes.GOING_AWAY, true);
        assertThat(outbox.isDrained()).as("a write in flight and a close to issue").isFalse();
        transport.completeNext();
        assertThat(outbox.isDrained()).as("the close is not issued yet").isFalse();
        executor.runAll();

        assertThat(outbox.isDrained()).isTrue();
        assertThat(transport.events()).containsExactly("text:a", "close:1001");
    }

    @Test
    void theTransportIsClosedOnTheDrainExecutorNotTheCaller() {
        transport.completeInline();
        Outbox outbox = new Outbox(transport, new OutboxLimits(100, 10_000), realExecutor, clock, listener);
        outbox.enqueue("a");

        outbox.close(CloseCodes.NORMAL, true);

        await("the transport is closed").atMost(Duration.ofSeconds(5)).until(() -> outbox.isDrained()
                && !transport.closeThreads().isEmpty());
        assertThat(transport.events()).containsExactly("text:a", "close:1000");
        assertThat(transport.closeThreads()).singleElement().asString().startsWith(DRAIN_THREAD);
    }

    @Test
    void anImmediateCloseIsIssuedOnTheDrainExecutorEvenWithAWriteStuck() {
        Outbox outbox = new Outbox(transport, new OutboxLimits(100, 10_000), realExecutor, clock, listener);
        outbox.enqueue("a");
        await("the write starts").atMost(Duration.ofSeconds(5)).until(() -> transport.pendingWrites() == 1);

        outbox.close(CloseCodes.SLOW_CONSUMER, false);

        await("the transport is closed").atMost(Duration.ofSeconds(5))
                .until(() -> !transport.closeThreads().isEmpty());
        assertThat(transport.closeThreads()).singleElement().asString().startsWith(DRAIN_THREAD);
        assertThat(transport.events()).containsExactly("text:a", "close:4009");
    }
}
