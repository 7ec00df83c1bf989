package dev.switchboard.bench.load;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A thread-safe log-linear histogram of microsecond latencies: 64 linear sub-buckets per power of two, so a
 * reported percentile is at most ~1.6 % above the true value. Recording never blocks and never allocates.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS) * SUB + SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final java.util.concurrent.atomic.AtomicLong max = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.LongAdder total = new java.util.concurrent.atomic.LongAdder();

    /** @param micros a latency in microseconds; negative values count as 0 */
    void record(long micros) {
        long v = Math.max(0, micros);
        counts.incrementAndGet(index(v));
        total.increment();
        max.accumulateAndGet(v, Math::max);
    }

    long count() {
        return total.sum();
    }

    /** @return the upper bound of the bucket holding quantile {@code q} (0–1), in milliseconds; 0 when empty */
    double percentileMillis(double q) {
        long n = count();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(upperBound(i), max.get()) / 1000.0;
            }
        }
        return max.get() / 1000.0;
    }

    double maxMillis() {
        return max.get() / 1000.0;
    }

    private static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
        return shift * SUB + (int) (v >>> shift);
    }

    private static long upperBound(int index) {
        if (index < 2 * SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long m = index % SUB + SUB;
        return ((m + 1) << shift) - 1;
    }
}
