package dev.switchboard.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What every subscriber of one run adds to: deliveries with their latency, confirmations, closes. Thread-safe. */
final class Tally {

    final LatencyHistogram latency = new LatencyHistogram();
    final LongAdder delivered = new LongAdder();
    final LongAdder subscribed = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder errors = new LongAdder();
    final AtomicLong lastReceiveNanos = new AtomicLong();
    /** Close codes the hub sent ("error" for a connection that failed without a close frame), with their counts. */
    private final Map<String, LongAdder> closeCodes = new ConcurrentHashMap<>();

    void closedWith(String code) {
        closeCodes.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    /** The close codes seen so far, sorted, e.g. {@code {"4009": 998}}. */
    Map<String, Long> closeCodes() {
        Map<String, Long> out = new TreeMap<>();
        closeCodes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    void delivery(long sentMicros, long nowNanos) {
        latency.record(nowNanos / 1000 - sentMicros);
        delivered.increment();
        lastReceiveNanos.accumulateAndGet(nowNanos, Math::max);
    }
}
