package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.FakeClock;

class KeyedRateLimiterTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void aKeyGetsItsBurstThenItsRateAndAWaitUntilTheNextToken() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(5, 2, 100, clock);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("10.0.0.1")).as("burst %d", i).isZero();
        }
        long wait = limiter.tryAcquire("10.0.0.1");
        assertThat(wait).as("2 per second: the next token is 0.5 s away")
                .isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(KeyedRateLimiter.retryAfterSeconds(wait)).isEqualTo(1);

        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.tryAcquire("10.0.0.1")).isZero();
        assertThat(limiter.tryAcquire("10.0.0.1")).isPositive();
    }

    @Test
    void keysHaveSeparateBuckets() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 1, 100, clock);
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isPositive();
        assertThat(limiter.tryAcquire("b")).isZero();
    }

    @Test
    void aHundredThousandDistinctKeysKeepTheMapBounded() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(50, 20, 10_000, clock);
        for (int i = 0; i < 100_000; i++) {
            assertThat(limiter.tryAcquire("key-" + i)).isZero();
            assertThat(limiter.size()).isLessThanOrEqualTo(10_000);
        }
        assertThat(limiter.size()).isEqualTo(10_000);
    }

    @Test
    void theLeastRecentlyUsedKeyIsEvictedFirst() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 1, 2, clock);
        assertThat(limiter.tryAcquire("busy")).isZero();
        assertThat(limiter.tryAcquire("idle")).isZero();
        assertThat(limiter.tryAcquire("busy")).as("still limited").isPositive();
        assertThat(limiter.tryAcquire("third")).isZero();
        assertThat(limiter.tryAcquire("busy")).as("recently used: kept, still limited").isPositive();
        assertThat(limiter.size()).isEqualTo(2);
        assertThat(limiter.tryAcquire("idle")).as("evicted: starts again with a full bucket").isZero();
    }

    @Test
    void retryAfterRoundsUpToWholeSeconds() {
        assertThat(KeyedRateLimiter.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(KeyedRateLimiter.retryAfterSeconds(1_000_000_000L)).isEqualTo(1);
        assertThat(KeyedRateLimiter.retryAfterSeconds(1_000_000_001L)).isEqualTo(2);
    }
}
