package dev.switchboard.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.switchboard.outbox.EnqueueResult;
import dev.switchboard.outbox.Outbox;
import dev.switchboard.outbox.OutboxLimits;
import dev.switchboard.outbox.OutboxListener;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.support.MonotonicClock;

/**
 * The per-session outbox on the fan-out path: {@code enqueue} of {@code batch} frames, then the drain that writes
 * them through a transport that completes at once. Reported per operation, i.e. per batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OutboxBenchmark {

    @Param({"1", "16"})
    public int batch;

    private final QueuedExecutor executor = new QueuedExecutor();
    private Outbox outbox;
    private final OutboundFrame frame = OutboundFrame.of(
            "{\"type\":\"message\",\"channel\":\"bench\",\"offset\":1,\"epoch\":\"e\",\"data\":"
            + "{\"lg_seq\":1,\"pad\":\"" + "x".repeat(80) + "\"},\"from\":\"server\",\"time\":\"2026-01-01T00:00:00Z\"}");

    @Setup
    public void setUp() {
        outbox = new Outbox(new NoOpTransport(), new OutboxLimits(1024, 1024 * 1024), executor, MonotonicClock.SYSTEM,
                OutboxListener.NONE);
    }

    @Benchmark
    public int enqueueAndDrain() {
        for (int i = 0; i < batch; i++) {
            if (outbox.enqueue(frame) != EnqueueResult.ACCEPTED) {
                throw new IllegalStateException("outbox refused a frame");
            }
        }
        return executor.runAll();
    }
}
