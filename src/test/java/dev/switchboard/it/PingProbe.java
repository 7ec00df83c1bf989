package dev.switchboard.it;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.RawWsClient;

/**
 * A control client that measures the hub's responsiveness: protocol {@code ping} requests, one at a time, and the
 * round trip to each {@code pong}. Not thread-safe: one measuring thread.
 */
final class PingProbe implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final RawWsClient client;

    PingProbe(int port) {
        client = RawWsClient.connect(port);
        readPong("welcome");
    }

    /**
     * Sends {@code count} pings, one every {@code interval}, and @return their round trips in microseconds, sorted
     */
    long[] measure(int count, Duration interval) {
        long[] micros = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            client.sendText(Frames.ping().id(i));
            readPong("pong");
            micros[i] = (System.nanoTime() - start) / 1000;
            LockSupport.parkNanos(interval.toNanos());
        }
        Arrays.sort(micros);
        return micros;
    }

    /** @return the 99th percentile of sorted samples */
    static long p99(long[] sorted) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)];
    }

    private void readPong(String type) {
        String marker = "\"type\":\"" + type + "\"";
        while (true) {
            RawWsClient.Frame f = client.read(WAIT)
                    .orElseThrow(() -> new AssertionError("control connection ended"));
            if (f.opcode() == RawWsClient.TEXT && f.text().contains(marker)) {
                return;
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
