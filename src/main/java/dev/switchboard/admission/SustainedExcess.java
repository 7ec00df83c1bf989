package dev.switchboard.admission;

import java.time.Duration;

/**
 * The "3x for 5 s" rule of one connection: time is cut into one-second windows starting at its first message; a
 * window in which it offered (accepted or refused) more than 3x its per-second message or byte rate is an excess
 * window; after 5 consecutive excess windows its next message, in the window right after, ends it. Not
 * thread-safe.
 */
final class SustainedExcess {

    /** The length of a window. */
    static final Duration WINDOW = Duration.ofSeconds(1);
    /** A window is in excess above this multiple of the per-second rate. */
    static final int FACTOR = 3;
    /** Consecutive excess windows after which the connection is closed. */
    static final int WINDOWS = 5;
    private static final long WINDOW_NANOS = WINDOW.toNanos();

    private final long maxMessages;
    private final long maxBytes;
    private boolean started;
    private long windowStart;
    private long messages;
    private long bytes;
    private int streak;

    SustainedExcess(long messagesPerSecond, long bytesPerSecond) {
        this.maxMessages = FACTOR * messagesPerSecond;
        this.maxBytes = FACTOR * bytesPerSecond;
    }

    /**
     * Records one message.
     *
     * @return true when the connection has been in excess for {@link #WINDOWS} whole windows up to this one
     */
    boolean record(long nowNanos, long messageBytes) {
        if (!started) {
            started = true;
            windowStart = nowNanos;
        }
        long elapsed = nowNanos - windowStart;
        if (elapsed >= WINDOW_NANOS) {
            boolean excess = messages > maxMessages || bytes > maxBytes;
            // Only a window that directly follows an excess one continues the streak: a quiet second breaks it.
            streak = excess && elapsed < 2 * WINDOW_NANOS ? streak + 1 : 0;
            windowStart += elapsed / WINDOW_NANOS * WINDOW_NANOS;
            messages = 0;
            bytes = 0;
        }
        messages++;
        bytes += messageBytes;
        return streak >= WINDOWS;
    }

    /** @return whether the next message would start afresh: nothing for a whole window, so no streak survives */
    boolean isQuiet(long nowNanos) {
        return !started || nowNanos - windowStart >= 2 * WINDOW_NANOS;
    }
}
