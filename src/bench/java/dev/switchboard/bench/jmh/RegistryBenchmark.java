package dev.switchboard.bench.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.metrics.MicrometerHubMetrics;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.registry.OpenRequest;
import dev.switchboard.registry.SendPool;
import dev.switchboard.support.MonotonicClock;

/**
 * Channel lookup on the fan-out path: {@code ConnectionRegistry.subscribers} among {@code channels} channels of
 * {@code roomSize} subscribers each, alone and with the iteration fan-out does over the result.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RegistryBenchmark {

    @Param({"1000"})
    public int channels;

    @Param({"10"})
    public int roomSize;

    private ConnectionRegistry registry;
    private String[] names;
    private int next;

    @Setup
    public void setUp() {
        registry = new ConnectionRegistry(ConfigLoader.fromMap(Map.of("max.connections.per.ip", "10000000",
                "max.connections", "10000000")), new MicrometerHubMetrics(new SimpleMeterRegistry()),
                MonotonicClock.SYSTEM, new NoEvent<>(), SendPool.forRuntime(0));
        names = new String[channels];
        for (int c = 0; c < channels; c++) {
            names[c] = "room." + c;
            for (int s = 0; s < roomSize; s++) {
                Connection connection = registry.open(new OpenRequest(null, "127.0.0.1", null, new NoOpTransport()))
                        .orElseThrow();
                registry.subscribe(connection, names[c]);
            }
        }
    }

    @Benchmark
    public Object lookup() {
        return registry.subscribers(names[next++ % names.length]);
    }

    @Benchmark
    public void lookupAndIterate(Blackhole bh) {
        for (Connection c : registry.subscribers(names[next++ % names.length])) {
            bh.consume(c);
        }
    }
}
