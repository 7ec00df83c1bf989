package dev.switchboard.outbox;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback of one transport write, and the drain's trampoline: one compare-and-set decides whether the drain's
 * loop or {@code asyncCompletion} continues. Thread-safe; extra completions are logged and ignored.
 * See docs/design-notes.md, "The outbox".
 */
final class PendingWrite implements WriteCallback {

    private static final Logger LOG = LoggerFactory.getLogger(PendingWrite.class);
    /** The drain returned before the write completed. */
    private static final Object DETACHED = new Object();
    /** The write completed. */
    private static final Object SUCCEEDED = new Object();

    /** null while the write call runs, then {@link #DETACHED}, or the outcome: {@link #SUCCEEDED} or a failure. */
    private final AtomicReference<Object> result = new AtomicReference<>();
    private final Consumer<Throwable> asyncCompletion;

    /** @param asyncCompletion receives the failure (null on success) of a write that completed after detaching */
    PendingWrite(Consumer<Throwable> asyncCompletion) {
        this.asyncCompletion = asyncCompletion;
    }

    @Override
    public void completed() {
        finish(SUCCEEDED);
    }

    @Override
    public void failed(Throwable error) {
        finish(error != null ? error : new IllegalStateException("write failed without a cause"));
    }

    /**
     * Called by the drain once the write call returned.
     *
     * @return true if the write is still pending (its completion will continue the drain), false if it completed
     */
    boolean detach() {
        return result.compareAndSet(null, DETACHED);
    }

    /** @return the failure of a write that completed before {@link #detach()}, or null if it succeeded */
    Throwable failure() {
        return failureOf(result.get());
    }

    private void finish(Object outcome) {
        if (result.compareAndSet(null, outcome)) {
            return;
        }
        if (result.compareAndSet(DETACHED, outcome)) {
            asyncCompletion.accept(failureOf(outcome));
            return;
        }
        LOG.warn("Transport completed a write more than once; ignoring the extra completion");
    }

    private static Throwable failureOf(Object outcome) {
        return outcome == SUCCEEDED ? null : (Throwable) outcome;
    }
}
