package dev.switchboard.admission;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.local.SynchronizationStrategy;

import dev.switchboard.support.MonotonicClock;

/**
 * A token bucket per key (a client address, an API caller), made on the key's first request. Memory stays bounded:
 * at most {@code maxKeys} buckets are kept, and beyond that the least recently used key's bucket is dropped (that
 * key starts again with a full bucket). Thread-safe: a lock guards the map only, never the consumption.
 */
public final class KeyedRateLimiter {

    private final TokenBuckets buckets;
    private final long capacity;
    private final long perSecond;
    private final Object lock = new Object();
    private final LinkedHashMap<String, Bucket> byKey;

    /**
     * @param capacity  requests a key may make at once (the burst)
     * @param perSecond requests a key may make per second, sustained
     * @param maxKeys   buckets kept at most
     */
    public KeyedRateLimiter(long capacity, long perSecond, int maxKeys, MonotonicClock clock) {
        this.buckets = new TokenBuckets(clock);
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.byKey = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /**
     * Takes one token from {@code key}'s bucket. Never blocks on I/O.
     *
     * @return 0 if the request may proceed, else the nanoseconds until a token will be there (at least 1)
     */
    public long tryAcquire(String key) {
        Bucket bucket;
        synchronized (lock) {
            bucket = byKey.computeIfAbsent(key,
                    k -> buckets.bucket(capacity, perSecond, SynchronizationStrategy.LOCK_FREE));
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    /** @return how many keys have a bucket now */
    public int size() {
        synchronized (lock) {
            return byKey.size();
        }
    }

    /** @return {@code nanos} as whole seconds, rounded up, at least 1: a {@code Retry-After} value */
    public static int retryAfterSeconds(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999_999L) / 1_000_000_000L));
    }
}
