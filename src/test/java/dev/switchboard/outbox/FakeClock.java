package dev.switchboard.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.support.MonotonicClock;

/** A monotonic clock that moves only when the test advances it. Thread-safe. */
public final class FakeClock implements MonotonicClock {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
