package dev.switchboard.bench.load;

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

    void delivery(long sentMicros, long nowNanos) {
        latency.record(nowNanos / 1000 - sentMicros);
        delivered.increment();
        lastReceiveNanos.accumulateAndGet(nowNanos, Math::max);
    }
}
