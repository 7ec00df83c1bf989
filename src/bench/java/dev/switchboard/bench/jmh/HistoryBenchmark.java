package dev.switchboard.bench.jmh;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.switchboard.channel.MemoryHistoryStore;
import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.support.MonotonicClock;

/**
 * {@code MemoryHistoryStore.append}: assigns the offset, encodes the {@code message} frame once and stores it in the
 * channel's ring of {@code historySize} (the default 100, and 0 = history off).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HistoryBenchmark {

    @Param({"0", "100"})
    public int historySize;

    private MemoryHistoryStore store;
    private final String data = "{\"lg_seq\":12345,\"lg_ts\":987654321,\"pad\":\"" + "x".repeat(60) + "\"}";

    @Setup
    public void setUp() {
        store = new MemoryHistoryStore(new JsonCodec(), historySize, Duration.ofMinutes(5), MonotonicClock.SYSTEM,
                System::currentTimeMillis);
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    @Benchmark
    public ChannelMessage append() {
        return store.append("chat:lobby", data, "anon-abcdef");
    }
}
