package dev.switchboard.admission;

import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;

import dev.switchboard.support.MonotonicClock;

/**
 * Makes Bucket4j token buckets that read time from a {@link MonotonicClock}, so that tests can move time by hand.
 * Thread-safe; the buckets it makes are as thread-safe as the strategy asked for.
 */
final class TokenBuckets {

    private final TimeMeter meter;

    TokenBuckets(MonotonicClock clock) {
        this.meter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.nanoTime();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
    }

    /**
     * @param capacity  tokens the bucket holds (the burst); it starts full
     * @param perSecond tokens added per second, continuously ("greedy" refill)
     * @param strategy  {@link SynchronizationStrategy#NONE} when the caller serializes access itself
     */
    Bucket bucket(long capacity, long perSecond, SynchronizationStrategy strategy) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .withCustomTimePrecision(meter)
                .withSynchronizationStrategy(strategy)
                .build();
    }
}
