package dev.switchboard.endpoint;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import dev.switchboard.outbox.WriteCallback;

/**
 * The {@link SendHandler} of several sends that make one outbox write: its {@link WriteCallback} is completed once
 * every send has succeeded, or failed at the first failure, exactly once either way. Thread-safe.
 */
final class SendGroup implements SendHandler {

    private final AtomicInteger pending;
    private final AtomicBoolean done = new AtomicBoolean();
    private final WriteCallback callback;

    /** @param sends how many sends report to this handler, at least 1 */
    SendGroup(int sends, WriteCallback callback) {
        if (sends < 1) {
            throw new IllegalArgumentException("sends must be at least 1: " + sends);
        }
        this.pending = new AtomicInteger(sends);
        this.callback = callback;
    }

    @Override
    public void onResult(SendResult result) {
        if (!result.isOK()) {
            fail(result.getException());
        } else if (pending.decrementAndGet() == 0 && done.compareAndSet(false, true)) {
            callback.completed();
        }
    }

    /**
     * Fails the group (a send could not be started, or the batch not flushed), unless it has already ended;
     * results reported after that are ignored.
     */
    void fail(Throwable error) {
        if (done.compareAndSet(false, true)) {
            callback.failed(error != null ? error : new IOException("send failed without a cause"));
        }
    }
}
