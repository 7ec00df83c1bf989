package dev.switchboard.bench.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import dev.switchboard.protocol.OutboundFrame;

/**
 * The fan-out of one published message to {@link #SUBSCRIBERS} connections, as the standalone write path takes
 * each frame's bytes: plain ({@code wire()}) or, for connections that negotiated permessage-deflate, the form
 * compressed once per publish ({@code deflatedWire()}). Per publish: encode, then every subscriber's buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeflateFanoutBenchmark {

    static final int SUBSCRIBERS = 1000;

    /** The {@code data} of each published message, in bytes of JSON text. */
    @Param({"100", "2000", "16000"})
    public int payload;

    private String text;
    private long n;

    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
        StringBuilder words = new StringBuilder();
        for (int i = 0; words.length() < payload; i++) {
            words.append("word").append(i % 97).append(' ');
        }
        text = "{\"type\":\"message\",\"channel\":\"chat:lobby\",\"offset\":%d,\"data\":{\"text\":\""
                + words.substring(0, payload) + "\"}}";
    }

    @Benchmark
    public long plain() {
        OutboundFrame frame = OutboundFrame.of(text.formatted(++n));
        long bytes = 0;
        for (int i = 0; i < SUBSCRIBERS; i++) {
            ByteBuffer b = frame.wire();
            bytes += b.remaining();
        }
        return bytes;
    }

    @Benchmark
    public long deflated() {
        OutboundFrame frame = OutboundFrame.of(text.formatted(++n));
        long bytes = 0;
        for (int i = 0; i < SUBSCRIBERS; i++) {
            ByteBuffer b = frame.deflatedWire();
            bytes += b.remaining();
        }
        return bytes;
    }
}
