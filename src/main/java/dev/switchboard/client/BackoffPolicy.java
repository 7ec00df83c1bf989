package dev.switchboard.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait between attempts: exponential steps ({@code initial × factor^n}, at most {@code max}) with full
 * jitter (a uniform delay between 0 and the step). {@code maxAttempts} 0 means unlimited. The steps start again
 * from {@code initial} once a connection has stayed up for {@code healthyAfter}.
 *
 * @param initial the first step (default 0.5 s)
 * @param factor the growth per failed attempt (default 2, at least 1)
 * @param max the cap of a step (default 30 s)
 * @param maxAttempts attempts in a row that may fail before the client gives up and closes (a connection lost
 *        before {@code healthyAfter} does not end the row); 0 for no limit (default)
 * @param healthyAfter how long a connection must last for the steps to start again from {@code initial} (10 s)
 */
public record BackoffPolicy(Duration initial, double factor, Duration max, int maxAttempts,
        Duration healthyAfter) {

    /** The defaults: 0.5 s, ×2, 30 s cap, unlimited attempts, healthy after 10 s. */
    public static final BackoffPolicy DEFAULT =
            new BackoffPolicy(Duration.ofMillis(500), 2.0, Duration.ofSeconds(30), 0, Duration.ofSeconds(10));

    /** Checks the bounds. */
    public BackoffPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(healthyAfter, "healthyAfter");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || factor < 1.0
                || maxAttempts < 0 || healthyAfter.isNegative()) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, factor >= 1, maxAttempts >= 0");
        }
    }

    /** @return this policy giving up after {@code attempts} consecutive failed attempts (0: never) */
    public BackoffPolicy withMaxAttempts(int attempts) {
        return new BackoffPolicy(initial, factor, max, attempts, healthyAfter);
    }
}
