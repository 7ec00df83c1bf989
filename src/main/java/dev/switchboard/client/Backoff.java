package dev.switchboard.client;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The delays of one client's reconnect attempts under a {@link BackoffPolicy}: full jitter, a lower bound when the
 * hub asked for one, a reset after a healthy connection. Clock (nanoseconds) and random ({@code [0,1)}) are
 * injected. Not thread-safe: used on the client's event thread.
 */
final class Backoff {

    private final BackoffPolicy policy;
    private final LongSupplier nanoClock;
    private final DoubleSupplier random;
    private int failures;
    private long connectedAt;
    private boolean up;

    Backoff(BackoffPolicy policy, LongSupplier nanoClock, DoubleSupplier random) {
        this.policy = policy;
        this.nanoClock = nanoClock;
        this.random = random;
    }

    /** A connection opened. */
    void connected() {
        up = true;
        connectedAt = nanoClock.getAsLong();
    }

    /** The open connection ended: if it lasted {@code healthyAfter}, the steps start again from the first. */
    void disconnected() {
        if (up && nanoClock.getAsLong() - connectedAt >= policy.healthyAfter().toNanos()) {
            failures = 0;
        }
        up = false;
    }

    /** @return the current step, the delay before jitter */
    Duration step() {
        double millis = policy.initial().toMillis() * Math.pow(policy.factor(), Math.min(failures, 64));
        return Duration.ofMillis((long) Math.min(millis, policy.max().toMillis()));
    }

    /**
     * @param atLeast a lower bound (the hub's {@code Retry-After}), or {@link Duration#ZERO}
     * @return the delay before the next attempt, or empty once {@code maxAttempts} attempts have failed
     */
    Optional<Duration> next(Duration atLeast) {
        if (policy.maxAttempts() > 0 && failures >= policy.maxAttempts()) {
            return Optional.empty();
        }
        Duration jittered = Duration.ofMillis((long) (random.getAsDouble() * step().toMillis()));
        failures++;
        return Optional.of(jittered.compareTo(atLeast) >= 0 ? jittered : atLeast);
    }

    /** @return consecutive failed attempts since the last healthy connection */
    int failures() {
        return failures;
    }
}
