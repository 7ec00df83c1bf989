package dev.switchboard.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.Test;

import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.testing.FakeClock;
import dev.switchboard.testing.ManualExecutor;

/** A fan-out's drains gathered into a few tasks: the same writes, in the same order, with fewer hand-offs. */
class DrainBatchTest {

    private final ManualExecutor executor = new ManualExecutor();
    private final FakeClock clock = new FakeClock();

    private Outbox outbox(Transport transport, Executor drainExecutor) {
        return new Outbox(transport, new OutboxLimits(3, 10_000), drainExecutor, clock,
                new RecordingListener(true));
    }

    private List<ScriptedTransport> transports(int n) {
        List<ScriptedTransport> transports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            transports.add(new ScriptedTransport());
        }
        return transports;
    }

    @Test
    void drainsAChunkOfOutboxesPerTaskAndWritesNothingBeforeTheFlush() {
        int sessions = DrainBatch.MAX_OUTBOXES_PER_TASK + 6;
        List<ScriptedTransport> transports = transports(sessions);
        List<Outbox> outboxes = transports.stream().map(t -> outbox(t, executor)).toList();
        DrainBatch batch = new DrainBatch(executor);
        OutboundFrame frame = OutboundFrame.of("m");

        for (Outbox o : outboxes) {
            assertThat(o.enqueue(frame, batch)).isEqualTo(EnqueueResult.ACCEPTED);
        }
        assertThat(executor.pending()).as("one task per full chunk, the rest waits for the flush").isEqualTo(1);
        batch.flush();
        assertThat(executor.pending()).as("a full chunk and the remainder").isEqualTo(2);
        assertThat(transports).allSatisfy(t -> assertThat(t.events()).as("nothing on the caller's thread")
                .isEmpty());

        assertThat(executor.runAll()).isEqualTo(2);
        assertThat(transports).allSatisfy(t -> assertThat(t.events()).containsExactly("text:m"));
    }

    @Test
    void aFrameQueuedBeforeTheBatchTaskRunsGoesInTheSameDrainAndInOrder() {
        ScriptedTransport transport = new ScriptedTransport();
        Outbox outbox = outbox(transport, executor);
        DrainBatch batch = new DrainBatch(executor);

        outbox.enqueue(OutboundFrame.of("a"), batch);
        outbox.enqueue(OutboundFrame.of("b"));
        assertThat(executor.pending()).as("the batch owns the drain: no second task").isZero();
        batch.flush();
        executor.runAll();
        transport.completeNext();
        executor.runAll();

        assertThat(transport.events()).containsExactly("text:a", "text:b");
        assertThat(transport.maxInFlight()).isEqualTo(1);
    }

    @Test
    void anOutboxAlreadyDrainingIsNotAddedAgain() {
        ScriptedTransport transport = new ScriptedTransport();
        Outbox outbox = outbox(transport, executor);
        outbox.enqueue(OutboundFrame.of("a"));
        executor.runAll();
        DrainBatch batch = new DrainBatch(executor);

        outbox.enqueue(OutboundFrame.of("b"), batch);
        batch.flush();
        assertThat(executor.pending()).as("a write in flight: its completion continues the drain").isZero();
        transport.completeNext();
        executor.runAll();

        assertThat(transport.events()).containsExactly("text:a", "text:b");
    }

    @Test
    void anOutboxOnAnotherExecutorSubmitsItsOwnDrain() {
        ManualExecutor other = new ManualExecutor();
        ScriptedTransport transport = new ScriptedTransport();
        Outbox outbox = outbox(transport, other);
        DrainBatch batch = new DrainBatch(executor);

        outbox.enqueue(OutboundFrame.of("a"), batch);
        batch.flush();

        assertThat(executor.pending()).isZero();
        assertThat(other.pending()).isEqualTo(1);
        other.runAll();
        assertThat(transport.events()).containsExactly("text:a");
    }

    @Test
    void overflowAndCloseBehaveAsWithoutABatch() {
        ScriptedTransport transport = new ScriptedTransport();
        Outbox outbox = outbox(transport, executor);
        DrainBatch batch = new DrainBatch(executor);
        OutboundFrame frame = OutboundFrame.of("m");

        assertThat(outbox.enqueue(frame, batch)).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueue(frame, batch)).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueue(frame, batch)).isEqualTo(EnqueueResult.ACCEPTED);
        assertThat(outbox.enqueue(frame, batch)).isEqualTo(EnqueueResult.OVERFLOW);
        assertThat(outbox.enqueue(frame, batch)).isEqualTo(EnqueueResult.CLOSED);
        outbox.close(CloseCodes.SLOW_CONSUMER, false);
        batch.flush();
        executor.runAll();

        assertThat(transport.events()).as("the queue was dropped; the close is issued")
                .containsExactly("close:" + CloseCodes.SLOW_CONSUMER.code());
    }

    @Test
    void aRejectedChunkDiscardsItsOutboxesAsARejectedDrainDoes() {
        Executor stopped = task -> {
            throw new RejectedExecutionException("stopped");
        };
        ScriptedTransport transport = new ScriptedTransport();
        Outbox outbox = outbox(transport, stopped);
        DrainBatch batch = new DrainBatch(stopped);

        outbox.enqueue(OutboundFrame.of("a"), batch);
        batch.flush();

        assertThat(outbox.isSealed()).isTrue();
        assertThat(outbox.queuedMessages()).isZero();
        assertThat(outbox.enqueue(OutboundFrame.of("b"), batch)).isEqualTo(EnqueueResult.CLOSED);
    }
}
