package dev.switchboard.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.outbox.OutboxState.After;
import dev.switchboard.outbox.OutboxState.Step;
import dev.switchboard.outbox.OutboxState.Write;
import dev.switchboard.outbox.OutboxState.WriteDone;
import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.support.MonotonicClock;

/**
 * One session's send queue, bounded by frames and bytes: one write in flight, text frames in order, a ping next, a
 * close last. Thread-safe; no method blocks or does I/O on its caller's thread (the registry's, the heartbeat's).
 * See docs/design-notes.md, "The outbox".
 */
public final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /**
     * The most wire bytes (headers and payloads) one write gathers from queued frames: 64 KiB, Grizzly's and the
     * kernel's usual socket buffer scale, so a batch is one system call without a large copy. A single frame over
     * it is written alone.
     */
    public static final long MAX_BYTES_PER_WRITE = 64 * 1024;

    private final Transport transport;
    private final Executor drainExecutor;
    private final MonotonicClock clock;
    private final OutboxListener listener;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final OutboxState state;
    private final Runnable drainTask = this::drain;
    private final Consumer<Throwable> asyncCompletion = this::continueAfterAsyncWrite;
    private final int maxFramesPerWrite;
    /**
     * Each runs once when at most its threshold of text frames is queued; null while none is pending (most outboxes
     * never have one, so none is allocated). Guarded by {@link #lock}.
     */
    private List<Refill> refills;

    private record Refill(int atMost, Runnable task) {
    }

    /**
     * @param transport     where frames are written
     * @param limits        when {@link #enqueue} overflows
     * @param drainExecutor runs drains and transport closes; shared by every outbox, must not run tasks inline
     * @param clock         time source for queue times and stall detection
     * @param listener      observer, for metrics; {@link OutboxListener#NONE} for none
     */
    public Outbox(Transport transport, OutboxLimits limits, Executor drainExecutor, MonotonicClock clock,
            OutboxListener listener) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.state = new OutboxState(Objects.requireNonNull(limits, "limits"));
        this.drainExecutor = Objects.requireNonNull(drainExecutor, "drainExecutor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = new SafeOutboxListener(Objects.requireNonNull(listener, "listener"));
        this.maxFramesPerWrite = Math.max(1, transport.maxFramesPerWrite());
    }

    /** Queues a text frame; see {@link #enqueue(OutboundFrame)}. Encodes {@code text} first. */
    public EnqueueResult enqueue(String text) {
        return enqueue(OutboundFrame.of(text));
    }

    /**
     * Queues a text frame. Never blocks. Thread-safe. The same frame may be queued in many outboxes at once.
     *
     * @param frame the frame; its {@link OutboundFrame#payloadBytes()} count against {@link OutboxLimits#maxBytes()}
     * @return {@link EnqueueResult#ACCEPTED}; {@link EnqueueResult#OVERFLOW} exactly once, when this frame would
     *         exceed the limits (the in-flight frame included): the outbox has then sealed itself and dropped its
     *         queue, and the caller must hand off closing the session (the outbox does not close the transport);
     *         {@link EnqueueResult#CLOSED} when already sealed
     */
    public EnqueueResult enqueue(OutboundFrame frame) {
        return enqueue(frame, null);
    }

    /**
     * Queues a text frame as {@link #enqueue(OutboundFrame)} does, but a drain it starts is left to {@code batch}
     * (when it shares this outbox's executor), which schedules many outboxes' drains in a few tasks: for fan-out.
     *
     * @param batch where a drain this starts is gathered, or null to submit it at once
     */
    public EnqueueResult enqueue(OutboundFrame frame, DrainBatch batch) {
        Objects.requireNonNull(frame, "frame");
        long now = clock.nanoTime();
        After after;
        synchronized (lock) {
            after = state.enqueue(frame, now);
            dropRefillsIfSealed();
        }
        if (batch != null && after.scheduleDrain()) {
            listener.onQueueChanged(after.deltaMessages(), after.deltaBytes());
            if (!batch.add(this, drainExecutor)) {
                submitDrain();
            }
        } else {
            act(after);
        }
        return after.result();
    }

    /**
     * Queues a ping. Never blocks. Thread-safe. The ping jumps ahead of queued text frames but never interrupts the
     * write in flight. Pings do not count against the limits, and at most one is pending: a second is coalesced.
     *
     * @return {@link EnqueueResult#ACCEPTED} (also when coalesced), or {@link EnqueueResult#CLOSED} when sealed
     */
    public EnqueueResult enqueuePing() {
        After after;
        synchronized (lock) {
            after = state.enqueuePing();
        }
        act(after);
        return after.result();
    }

    /**
     * Seals the outbox and closes the transport with {@code code}. Never blocks. Thread-safe. The transport's close
     * is always called on the drain executor, never on the calling thread.
     *
     * <p>If {@code drainFirst}, the frames already queued are written first and the close goes last (graceful
     * shutdown). Otherwise the queue is dropped and the close is issued right away, even while a write is stuck in
     * flight.
     *
     * <p>Idempotent: the first call decides the code, later calls are ignored, with one exception: a later call
     * without {@code drainFirst} hurries a graceful close that has not been issued yet (drops the queue and closes
     * now, still with the first code), so a drain stuck behind a write cannot hold a close back forever. After
     * {@link #discard()}, this does nothing.
     *
     * @param code       the close code and reason for the peer
     * @param drainFirst write what is queued before closing
     */
    public void close(CloseCode code, boolean drainFirst) {
        Objects.requireNonNull(code, "code");
        After after;
        synchronized (lock) {
            after = state.close(code, drainFirst);
            dropRefillsIfSealed();
        }
        act(after);
    }

    /**
     * Seals the outbox and drops everything queued without closing the transport; used when the connection is
     * already gone. A write in flight is left to complete. Never blocks. Thread-safe. Idempotent.
     */
    public void discard() {
        After after;
        synchronized (lock) {
            after = state.discard();
            dropRefillsIfSealed();
        }
        act(after);
    }

    /**
     * @param nowNanos a reading of this outbox's clock
     * @param timeout  the longest a single write may take
     * @return true if a write (text or ping) has been in flight for longer than {@code timeout} at {@code nowNanos};
     *         the caller then closes the session as a slow consumer
     */
    public boolean isWriteStalled(long nowNanos, Duration timeout) {
        long timeoutNanos = timeout.toNanos();
        synchronized (lock) {
            return state.isWriteStalled(nowNanos, timeoutNanos);
        }
    }

    /**
     * Asks for {@code refill} to run once, on the drain executor, as soon as at most {@code frames} text frames are
     * queued (at once if that is so now). Lets a producer pace a long stream by the peer's reading (a recovery
     * replay) instead of queueing it whole. Several may be pending (one per producer). Dropped, never run, once the
     * outbox is sealed. Never blocks. Thread-safe.
     *
     * @return false if the outbox is sealed, so {@code refill} will never run
     */
    public boolean refillWhenAtMost(int frames, Runnable refill) {
        Objects.requireNonNull(refill, "refill");
        List<Runnable> due;
        synchronized (lock) {
            if (state.isSealed()) {
                return false;
            }
            if (refills == null) {
                refills = new ArrayList<>(2);
            }
            refills.add(new Refill(Math.max(0, frames), refill));
            due = takeDueRefills();
        }
        submitRefills(due);
        return true;
    }

    /** @return the text frames queued, not counting the write in flight */
    public int queuedMessages() {
        synchronized (lock) {
            return state.queuedMessages();
        }
    }

    /** @return the payload bytes queued, not counting the write in flight */
    public long queuedBytes() {
        synchronized (lock) {
            return state.queuedBytes();
        }
    }

    /** @return true once closed, overflowed, failed or discarded: no frame is accepted any more */
    public boolean isSealed() {
        synchronized (lock) {
            return state.isSealed();
        }
    }

    /**
     * @return true once sealed with nothing queued or in flight and no close left to issue; graceful shutdown waits
     *         for this
     */
    public boolean isDrained() {
        synchronized (lock) {
            return state.isDrained();
        }
    }

    private void act(After after) {
        listener.onQueueChanged(after.deltaMessages(), after.deltaBytes());
        if (after.scheduleDrain()) {
            submitDrain();
        }
        if (after.closeTask() != null) {
            submitClose(after.closeTask());
        }
    }

    /** Runs the drain a {@link DrainBatch} scheduled, on the drain executor. */
    void drainNow() {
        drain();
    }

    /** The drain task: performs steps until the outbox is idle or a write is left pending asynchronously. */
    private void drain() {
        Step step = nextStep();
        while (step != null) {
            step = perform(step);
        }
    }

    /** @return the step after this one when the drain can go on in-line, or null when it must stop */
    private Step perform(Step step) {
        if (step.close() != null) {
            closeTransport(step.close());
            return nextStep();
        }
        PendingWrite write = new PendingWrite(asyncCompletion);
        start(step.write(), write);
        if (write.detach()) {
            return null;
        }
        return afterWrite(write.failure()) ? nextStep() : null;
    }

    private Step nextStep() {
        long now = clock.nanoTime();
        Step step;
        List<Runnable> due;
        synchronized (lock) {
            step = state.next(now, maxFramesPerWrite, MAX_BYTES_PER_WRITE);
            due = refills == null ? List.of() : takeDueRefills();
        }
        listener.onQueueChanged(step.deltaMessages(), step.deltaBytes());
        submitRefills(due);
        return step.isIdle() ? null : step;
    }

    /** @return the pending refills that are due now (removed), none when sealed. Caller holds the lock. */
    private List<Runnable> takeDueRefills() {
        dropRefillsIfSealed();
        List<Runnable> due = List.of();
        if (refills == null) {
            return due;
        }
        int queued = state.queuedMessages();
        for (Iterator<Refill> it = refills.iterator(); it.hasNext();) {
            Refill r = it.next();
            if (queued <= r.atMost()) {
                it.remove();
                due = due.isEmpty() ? new ArrayList<>(2) : due;
                due.add(r.task());
            }
        }
        if (refills.isEmpty()) {
            refills = null;
        }
        return due;
    }

    /** A sealed outbox never refills: release the producers at once. Caller holds the lock. */
    private void dropRefillsIfSealed() {
        if (refills != null && state.isSealed()) {
            refills = null;
        }
    }

    private void submitRefills(List<Runnable> due) {
        for (Runnable task : due) {
            try {
                drainExecutor.execute(task);
            } catch (RejectedExecutionException e) {
                LOG.debug("Outbox refill rejected by its executor (shutting down); its producer is not called again");
            }
        }
    }

    private void start(Write frames, PendingWrite write) {
        try {
            if (frames.isPing()) {
                transport.sendPing(write);
            } else {
                transport.sendTexts(frames.frames(), write);
            }
        } catch (RuntimeException e) {
            write.failed(e);
        }
    }

    /** A write completed after its drain returned: record it here, and continue the drain on the executor. */
    private void continueAfterAsyncWrite(Throwable failure) {
        if (afterWrite(failure)) {
            submitDrain();
        }
    }

    /** @return true if the drain must go on */
    private boolean afterWrite(Throwable failure) {
        long now = clock.nanoTime();
        WriteDone done;
        synchronized (lock) {
            done = state.writeFinished(failure, now);
        }
        Write written = done.written();
        if (written != null) {
            for (int i = 0; i < written.size(); i++) {
                listener.onWritten(written.frames().get(i).payloadBytes(),
                        done.nowNanos() - written.enqueuedNanos()[i]);
            }
        }
        if (done.failure() != null) {
            listener.onWriteFailed(done.failure());
        }
        listener.onQueueChanged(done.deltaMessages(), done.deltaBytes());
        return done.continueDrain();
    }

    private void submitDrain() {
        try {
            drainExecutor.execute(drainTask);
        } catch (RejectedExecutionException e) {
            drainRejected(e);
        }
    }

    /** The drain could not be scheduled (the executor is stopping): nothing will ever write, so discard. */
    void drainRejected(RejectedExecutionException e) {
        LOG.warn("Outbox drain rejected by its executor; discarding the outbox", e);
        After after;
        synchronized (lock) {
            after = state.abandon();
        }
        listener.onQueueChanged(after.deltaMessages(), after.deltaBytes());
    }

    private void submitClose(CloseCode code) {
        try {
            drainExecutor.execute(() -> closeTransport(code));
        } catch (RejectedExecutionException e) {
            LOG.warn("Outbox close ({}) rejected by its executor; the transport is not closed", code.code(), e);
        }
    }

    private void closeTransport(CloseCode code) {
        try {
            transport.close(code);
        } catch (RuntimeException e) {
            LOG.warn("Transport close ({}) failed", code.code(), e);
        }
    }
}
