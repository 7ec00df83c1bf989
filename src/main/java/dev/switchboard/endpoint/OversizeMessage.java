package dev.switchboard.endpoint;

import java.time.Duration;

import dev.switchboard.support.MonotonicClock;

/**
 * What a size-limiting handler does once a message went over the limit: drop its remaining fragments, close with
 * 1009 when it ends or once dropping has lasted {@code maxDiscard}. Called one fragment at a time per session; not
 * thread-safe. See docs/design-notes.md, "Oversize messages without the gate".
 */
final class OversizeMessage {

    private final MonotonicClock clock;
    private final long maxDiscardNanos;
    private final Runnable close;
    private long startedNanos;
    private boolean active;
    private boolean closed;

    OversizeMessage(MonotonicClock clock, Duration maxDiscard, Runnable close) {
        this.clock = clock;
        this.maxDiscardNanos = maxDiscard.toNanos();
        this.close = close;
    }

    /** @return whether the current message went over the limit, so its fragments are being dropped */
    boolean active() {
        return active;
    }

    /** The fragment that took the message over the limit arrived. */
    void start(boolean last) {
        active = true;
        startedNanos = clock.nanoTime();
        fragment(last);
    }

    /** A further fragment of the oversize message arrived, and was dropped. */
    void fragment(boolean last) {
        if (!closed && (last || clock.nanoTime() - startedNanos > maxDiscardNanos)) {
            closed = true;
            close.run();
        }
    }
}
