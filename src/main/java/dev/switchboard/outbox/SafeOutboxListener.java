package dev.switchboard.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps an {@link OutboxListener} so that an exception it throws is logged and ignored, never disturbing the
 * outbox. Skips queue changes of zero. Thread-safe if the delegate is.
 */
final class SafeOutboxListener implements OutboxListener {

    private static final Logger LOG = LoggerFactory.getLogger(SafeOutboxListener.class);

    private final OutboxListener delegate;

    SafeOutboxListener(OutboxListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onWritten(int bytes, long queuedNanos) {
        try {
            delegate.onWritten(bytes, queuedNanos);
        } catch (RuntimeException e) {
            LOG.warn("OutboxListener.onWritten threw; ignored", e);
        }
    }

    @Override
    public void onWriteFailed(Throwable error) {
        try {
            delegate.onWriteFailed(error);
        } catch (RuntimeException e) {
            LOG.warn("OutboxListener.onWriteFailed threw; ignored", e);
        }
    }

    @Override
    public void onQueueChanged(int deltaMessages, long deltaBytes) {
        if (deltaMessages == 0 && deltaBytes == 0) {
            return;
        }
        try {
            delegate.onQueueChanged(deltaMessages, deltaBytes);
        } catch (RuntimeException e) {
            LOG.warn("OutboxListener.onQueueChanged threw; ignored", e);
        }
    }
}
