package dev.switchboard.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.Push;

/** Encoding one {@code message} frame, which happens once per published message (not per subscriber). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonCodecBenchmark {

    private final JsonCodec codec = new JsonCodec();
    private final String data = "{\"lg_seq\":12345,\"lg_ts\":987654321,\"pad\":\"" + "x".repeat(60) + "\"}";
    private long offset;

    @Benchmark
    public String message() {
        return codec.encode(new Push.Message("chat:lobby", ++offset, "epoch-1", data, "anon-abcdef", 1_764_000_000_000L));
    }
}
