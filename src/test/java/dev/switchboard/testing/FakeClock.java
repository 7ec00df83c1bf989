package dev.switchboard.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.support.MonotonicClock;

/** A monotonic clock that moves only when the test advances it. Thread-safe. */
public final class FakeClock implements MonotonicClock {

    private final AtomicLong nanos;

    /** A clock at one second. */
    public FakeClock() {
        this(1_000_000_000L);
    }

    /** A clock at {@code startNanos}, e.g. near {@code Long.MAX_VALUE} to prove callers only use differences. */
    public FakeClock(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    /** Moves the clock forward by {@code by}. */
    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
