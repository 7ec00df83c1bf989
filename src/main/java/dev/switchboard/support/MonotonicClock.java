package dev.switchboard.support;

/**
 * A seam over {@link System#nanoTime()} so that time-based decisions (idle timeouts, send timeouts) can be tested
 * deterministically.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** The system's monotonic clock. */
    MonotonicClock SYSTEM = System::nanoTime;

    /** @return a monotonic reading in nanoseconds; only differences between readings are meaningful */
    long nanoTime();
}
