package dev.switchboard.it;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
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
    private String slowest = "";

    PingProbe(int port) {
        client = RawWsClient.connect(port);
        readPong("welcome");
    }

    /**
     * Sends {@code count} pings, one every {@code interval}, and @return their round trips in microseconds, sorted
     */
    long[] measure(int count, Duration interval) {
        long[] micros = new long[count];
        long[] startedAtMillis = new long[count];
        long gcBefore = gcMillis();
        for (int i = 0; i < count; i++) {
            startedAtMillis[i] = System.currentTimeMillis();
            long start = System.nanoTime();
            client.sendText(Frames.ping().id(i));
            readPong("pong");
            micros[i] = (System.nanoTime() - start) / 1000;
            LockSupport.parkNanos(interval.toNanos());
        }
        slowest = String.format("its JVM's collector %d ms; slowest round trips: %s", gcMillis() - gcBefore,
                describeSlowest(micros, startedAtMillis, 5));
        Arrays.sort(micros);
        return micros;
    }

    /**
     * @return the last measurement's time in this JVM's collector and its slowest round trips, each with its
     *         wall-clock start (to find it in a GC log)
     */
    String slowest() {
        return slowest;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static String describeSlowest(long[] micros, long[] startedAtMillis, int n) {
        Integer[] order = new Integer[micros.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compare(micros[b], micros[a]));
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < Math.min(n, order.length); k++) {
            text.append(String.format("%s %d us; ", Instant.ofEpochMilli(startedAtMillis[order[k]]),
                    micros[order[k]]));
        }
        return text.toString();
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
