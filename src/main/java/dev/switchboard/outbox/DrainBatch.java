package dev.switchboard.outbox;

import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drains one fan-out starts, handed to the drain executor a chunk at a time (one task drains up to
 * {@link #MAX_OUTBOXES_PER_TASK} outboxes in turn) instead of one task per outbox. Each outbox keeps its own
 * guarantees; only the hand-off is shared. Not thread-safe: one fan-out on one thread, which calls
 * {@link #flush()} when it ends (in a {@code finally}), so no drain it started is left unscheduled.
 */
public final class DrainBatch {

    /**
     * The most outboxes one task drains: small enough that several send threads share a large fan-out and the
     * first writes start while the fan-out is still queueing; large enough that a hand-off serves 64 sessions.
     */
    static final int MAX_OUTBOXES_PER_TASK = 64;

    private static final Logger LOG = LoggerFactory.getLogger(DrainBatch.class);

    private final Executor executor;
    /** The outboxes of the chunk being filled; null until the first (a fan-out may start no drain at all). */
    private Outbox[] pending;
    private int size;

    /** @param executor the outboxes' drain executor; an outbox with another one schedules its own drain */
    public DrainBatch(Executor executor) {
        this.executor = executor;
    }

    /**
     * Takes over scheduling {@code outbox}'s drain, if it drains on this batch's executor.
     *
     * @return false if the outbox must submit its drain itself
     */
    boolean add(Outbox outbox, Executor drainExecutor) {
        if (drainExecutor != executor) {
            return false;
        }
        if (pending == null) {
            pending = new Outbox[MAX_OUTBOXES_PER_TASK];
        }
        pending[size++] = outbox;
        if (size == pending.length) {
            submit();
        }
        return true;
    }

    /** Submits the drains gathered so far. Never blocks. Idempotent; the batch may be used again afterwards. */
    public void flush() {
        if (size > 0) {
            submit();
        }
    }

    private void submit() {
        Outbox[] chunk = size == pending.length ? pending : Arrays.copyOf(pending, size);
        pending = null;
        size = 0;
        try {
            executor.execute(() -> drainAll(chunk));
        } catch (RejectedExecutionException e) {
            for (Outbox outbox : chunk) {
                outbox.drainRejected(e);
            }
        }
    }

    /** One outbox's failure must not leave the others of the chunk undrained. */
    private static void drainAll(Outbox[] chunk) {
        for (Outbox outbox : chunk) {
            try {
                outbox.drainNow();
            } catch (RuntimeException e) {
                LOG.error("Outbox drain failed", e);
            }
        }
    }
}
