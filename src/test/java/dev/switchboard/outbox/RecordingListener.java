package dev.switchboard.outbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Records what an outbox reports: queue deltas summed like a gauge, writes and failures. Thread-safe. */
final class RecordingListener implements OutboxListener {

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final List<long[]> writes = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final boolean keepWrites;

    /** @param keepWrites record each write's bytes and queue time (not for stress tests) */
    RecordingListener(boolean keepWrites) {
        this.keepWrites = keepWrites;
    }

    @Override
    public void onWritten(int bytes, long queuedNanos) {
        written.incrementAndGet();
        if (keepWrites) {
            writes.add(new long[] {bytes, queuedNanos});
        }
    }

    @Override
    public void onWriteFailed(Throwable error) {
        failures.add(error);
    }

    @Override
    public void onQueueChanged(int deltaMessages, long deltaBytes) {
        messages.addAndGet(deltaMessages);
        queuedBytes.addAndGet(deltaBytes);
    }

    long queuedMessages() {
        return messages.get();
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    long written() {
        return written.get();
    }

    /** @return {bytes, queuedNanos} of each frame written, in order */
    List<long[]> writes() {
        return List.copyOf(writes);
    }

    List<Throwable> failures() {
        return List.copyOf(failures);
    }
}
