package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Backoff delays from an injected clock and random: full jitter within the steps, the cap, lower bounds, reset. */
class BackoffTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    private Backoff backoff(BackoffPolicy policy, double... randoms) {
        int[] i = {0};
        return new Backoff(policy, nanos::get, () -> randoms[i[0]++ % randoms.length]);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void theStepsDoubleFromHalfASecondUpToThirtySeconds() {
        Backoff b = backoff(BackoffPolicy.DEFAULT, 0.999_999);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            delays.add(b.next(Duration.ZERO).orElseThrow().toMillis());
        }
        assertThat(delays).containsExactly(499L, 999L, 1999L, 3999L, 7999L, 15999L, 29999L, 29999L, 29999L, 29999L);
    }

    @Test
    void fullJitterSpreadsEachDelayBetweenZeroAndItsStep() {
        Random random = new Random(42);
        Backoff b = new Backoff(BackoffPolicy.DEFAULT, nanos::get, random::nextDouble);
        for (int i = 0; i < 6; i++) {
            b.next(Duration.ZERO);
        }
        // The 7th step and on is the 30 s cap: draw many and look at their spread.
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            delays.add(b.next(Duration.ZERO).orElseThrow().toMillis());
        }
        assertThat(delays).allMatch(d -> d >= 0 && d <= 30_000);
        assertThat(delays.stream().filter(d -> d < 10_000).count()).as("a third below 10 s").isBetween(250L, 420L);
        assertThat(delays.stream().filter(d -> d > 20_000).count()).as("a third above 20 s").isBetween(250L, 420L);
        assertThat(delays.stream().distinct().count()).as("jitter: hardly two alike").isGreaterThan(900);
    }

    @Test
    void aLowerBoundFromTheHubWins() {
        Backoff b = backoff(BackoffPolicy.DEFAULT, 0.1);
        assertThat(b.next(Duration.ofSeconds(7))).contains(Duration.ofSeconds(7));
        assertThat(b.next(Duration.ZERO)).as("the jittered delay when the bound is lower").contains(
                Duration.ofMillis(100));
    }

    @Test
    void theStepsStartAgainAfterAHealthyConnectionOnly() {
        Backoff b = backoff(BackoffPolicy.DEFAULT, 0.999_999);
        for (int i = 0; i < 5; i++) {
            b.next(Duration.ZERO);
        }
        b.connected();
        advance(Duration.ofSeconds(9));
        b.disconnected();
        assertThat(b.next(Duration.ZERO)).as("up 9 s, under the 10 s healthy period: the steps go on")
                .contains(Duration.ofMillis(15_999));
        b.connected();
        advance(Duration.ofSeconds(10));
        b.disconnected();
        assertThat(b.failures()).isZero();
        assertThat(b.next(Duration.ZERO)).as("up 10 s: from the first step again").contains(Duration.ofMillis(499));
    }

    @Test
    void maxAttemptsEndsTheRetries() {
        Backoff b = backoff(BackoffPolicy.DEFAULT.withMaxAttempts(3), 0.5);
        assertThat(b.next(Duration.ZERO)).isPresent();
        assertThat(b.next(Duration.ZERO)).isPresent();
        assertThat(b.next(Duration.ZERO)).isPresent();
        assertThat(b.next(Duration.ZERO)).isEqualTo(Optional.empty());
        assertThat(b.failures()).isEqualTo(3);
    }

    @Test
    void unlimitedByDefault() {
        Backoff b = backoff(BackoffPolicy.DEFAULT, 0.5);
        for (int i = 0; i < 10_000; i++) {
            assertThat(b.next(Duration.ZERO)).isPresent();
        }
        assertThat(b.step()).isEqualTo(Duration.ofSeconds(30));
    }
}
