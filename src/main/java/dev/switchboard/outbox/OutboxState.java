package dev.switchboard.outbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.OutboundFrame;

/**
 * The state of one {@link Outbox}, as a pure state machine: no I/O, no callbacks, no clock. Not thread-safe: every
 * method is called with the owning outbox's lock held, and returns a small record saying what the outbox must do
 * after unlocking. That is why its fields cannot be final.
 */
final class OutboxState {

    /** Where the outbox is on its way to closing the transport. */
    private enum CloseStage {
        /** No close requested. */
        NONE,
        /** Close once the queue is written (graceful). */
        AFTER_QUEUE,
        /** Close at the drain's next step, ahead of anything else. */
        NEXT,
        /** The close was handed to the executor; it is never issued twice. */
        ISSUED,
        /** Discarded: the connection is gone and the transport is never closed by the outbox. */
        WITHDRAWN
    }

    private final OutboxLimits limits;
    /** Starts with room for one frame (most connections are idle) and grows as frames queue up. */
    private final ArrayDeque<Queued> texts = new ArrayDeque<>(1);
    private long queuedBytes;
    private boolean pingPending;
    /** The write in flight, or null. */
    private Write inFlight;
    private long inFlightSince;
    /** A drain task is scheduled or running, or a write it started is in flight. */
    private boolean drainActive;
    private boolean sealed;
    private boolean failed;
    private CloseStage closeStage = CloseStage.NONE;
    private CloseCode closeCode;

    OutboxState(OutboxLimits limits) {
        this.limits = limits;
    }

    After enqueue(OutboundFrame frame, long nowNanos) {
        if (sealed) {
            return After.CLOSED;
        }
        int bytes = frame.payloadBytes();
        long messages = texts.size() + (inFlight != null ? inFlight.size() : 0L) + 1L;
        long total = queuedBytes + (inFlight != null ? inFlight.bytes() : 0L) + bytes;
        if (messages > limits.maxMessages() || total > limits.maxBytes()) {
            sealed = true;
            return dropQueue(EnqueueResult.OVERFLOW);
        }
        texts.addLast(new Queued(frame, nowNanos));
        queuedBytes += bytes;
        return new After(EnqueueResult.ACCEPTED, 1, bytes, startDrain(), null);
    }

    After enqueuePing() {
        if (sealed) {
            return After.CLOSED;
        }
        if (pingPending) {
            return After.ACCEPTED;
        }
        pingPending = true;
        return new After(EnqueueResult.ACCEPTED, 0, 0, startDrain(), null);
    }

    After close(CloseCode code, boolean drainFirst) {
        boolean escalation = closeStage == CloseStage.AFTER_QUEUE && !drainFirst;
        if (closeStage != CloseStage.NONE && !escalation) {
            return After.NOTHING;
        }
        sealed = true;
        if (closeStage == CloseStage.NONE) {
            closeCode = code;
        }
        if (drainFirst) {
            closeStage = CloseStage.AFTER_QUEUE;
            return new After(null, 0, 0, startDrain(), null);
        }
        After dropped = dropQueue(null);
        if (inFlight != null) {
            // The drain waits on the write in flight, which may never complete: close from a task of its own.
            closeStage = CloseStage.ISSUED;
            return new After(null, dropped.deltaMessages(), dropped.deltaBytes(), false, closeCode);
        }
        closeStage = CloseStage.NEXT;
        return new After(null, dropped.deltaMessages(), dropped.deltaBytes(), startDrain(), null);
    }

    After discard() {
        sealed = true;
        if (closeStage != CloseStage.ISSUED) {
            closeStage = CloseStage.WITHDRAWN;
        }
        return dropQueue(null);
    }

    /** The drain task could not be scheduled: nothing will ever write, so give up as {@link #discard()} does. */
    After abandon() {
        drainActive = false;
        return discard();
    }

    /**
     * Picks the drain's next step; called only by the drain, with no write in flight. Text frames are taken in
     * order, as many as one write may carry: up to {@code maxFrames}, and while they fit in {@code maxBytes} (the
     * first one always goes, whatever its size).
     */
    Step next(long nowNanos, int maxFrames, long maxBytes) {
        if (closeStage == CloseStage.NEXT) {
            closeStage = CloseStage.ISSUED;
            return Step.close(closeCode);
        }
        if (pingPending) {
            pingPending = false;
            return startWrite(Write.PING, nowNanos);
        }
        if (!texts.isEmpty()) {
            Write write = takeTexts(maxFrames, maxBytes);
            queuedBytes -= write.bytes();
            return startWrite(write, nowNanos);
        }
        if (closeStage == CloseStage.AFTER_QUEUE) {
            closeStage = CloseStage.ISSUED;
            return Step.close(closeCode);
        }
        drainActive = false;
        return Step.IDLE;
    }

    private Write takeTexts(int maxFrames, long maxBytes) {
        Queued first = texts.pollFirst();
        if (maxFrames <= 1 || texts.isEmpty()) {
            return new Write(List.of(first.frame()), first.frame().payloadBytes(),
                    new long[] {first.enqueuedNanos()});
        }
        int n = Math.min(maxFrames, texts.size() + 1);
        List<OutboundFrame> frames = new ArrayList<>(n);
        long[] enqueued = new long[n];
        frames.add(first.frame());
        enqueued[0] = first.enqueuedNanos();
        long bytes = first.frame().payloadBytes();
        long wire = first.frame().wireBytes();
        while (frames.size() < n) {
            Queued next = texts.peekFirst();
            if (wire + next.frame().wireBytes() > maxBytes) {
                break;
            }
            texts.pollFirst();
            enqueued[frames.size()] = next.enqueuedNanos();
            frames.add(next.frame());
            bytes += next.frame().payloadBytes();
            wire += next.frame().wireBytes();
        }
        return new Write(Collections.unmodifiableList(frames), bytes, enqueued);
    }

    /** Records the completion of the write in flight; {@code failure} is null when it succeeded. */
    WriteDone writeFinished(Throwable failure, long nowNanos) {
        Write write = inFlight;
        inFlight = null;
        if (failure == null) {
            return new WriteDone(write, nowNanos, null, 0, 0, continueDrain());
        }
        boolean expected = closeStage == CloseStage.ISSUED || closeStage == CloseStage.WITHDRAWN;
        boolean report = !failed && !expected;
        failed = true;
        sealed = true;
        After dropped = dropQueue(null);
        return new WriteDone(null, nowNanos, report ? failure : null, dropped.deltaMessages(), dropped.deltaBytes(),
                continueDrain());
    }

    boolean isWriteStalled(long nowNanos, long timeoutNanos) {
        return inFlight != null && nowNanos - inFlightSince > timeoutNanos;
    }

    int queuedMessages() {
        return texts.size();
    }

    long queuedBytes() {
        return queuedBytes;
    }

    boolean isSealed() {
        return sealed;
    }

    boolean isDrained() {
        boolean closePending = closeStage == CloseStage.AFTER_QUEUE || closeStage == CloseStage.NEXT;
        return sealed && texts.isEmpty() && !pingPending && inFlight == null && !closePending;
    }

    private Step startWrite(Write write, long nowNanos) {
        inFlight = write;
        inFlightSince = nowNanos;
        return new Step(write, null, -write.size(), -write.bytes());
    }

    /** After a write: keeps the drain going if there is work, otherwise ends it so the next enqueue starts one. */
    private boolean continueDrain() {
        boolean closePending = closeStage == CloseStage.AFTER_QUEUE || closeStage == CloseStage.NEXT;
        boolean work = closePending || pingPending || !texts.isEmpty();
        if (!work) {
            drainActive = false;
        }
        return work;
    }

    private boolean startDrain() {
        if (drainActive) {
            return false;
        }
        drainActive = true;
        return true;
    }

    private After dropQueue(EnqueueResult result) {
        int messages = texts.size();
        long bytes = queuedBytes;
        texts.clear();
        queuedBytes = 0;
        pingPending = false;
        return new After(result, -messages, -bytes, false, null);
    }

    /** A text frame waiting in the queue, and when it was accepted. */
    private record Queued(OutboundFrame frame, long enqueuedNanos) {
    }

    /**
     * One transport write: text frames in order, or (no frames) the ping control frame.
     *
     * @param frames        the text frames, empty for {@link #PING}
     * @param bytes         their payloads' UTF-8 bytes
     * @param enqueuedNanos when each frame was accepted, index by index (may be longer than {@code frames})
     */
    record Write(List<OutboundFrame> frames, long bytes, long[] enqueuedNanos) {
        static final Write PING = new Write(List.of(), 0, new long[0]);

        boolean isPing() {
            return frames.isEmpty();
        }

        int size() {
            return frames.size();
        }
    }

    /**
     * What a caller-facing transition asks for once unlocked.
     *
     * @param result        what to return to the caller, or null
     * @param deltaMessages change in queued frames, for the listener
     * @param deltaBytes    change in queued bytes, for the listener
     * @param scheduleDrain submit a drain task
     * @param closeTask     if not null, submit a task closing the transport with this code
     */
    record After(EnqueueResult result, int deltaMessages, long deltaBytes, boolean scheduleDrain,
            CloseCode closeTask) {
        static final After NOTHING = new After(null, 0, 0, false, null);
        static final After ACCEPTED = new After(EnqueueResult.ACCEPTED, 0, 0, false, null);
        static final After CLOSED = new After(EnqueueResult.CLOSED, 0, 0, false, null);
    }

    /**
     * The drain's next step: write, close the transport, or (both null) stop.
     *
     * @param write         the write to start, or null
     * @param close         the code to close the transport with, or null
     * @param deltaMessages change in queued frames, for the listener
     * @param deltaBytes    change in queued bytes, for the listener
     */
    record Step(Write write, CloseCode close, int deltaMessages, long deltaBytes) {
        static final Step IDLE = new Step(null, null, 0, 0);

        static Step close(CloseCode code) {
            return new Step(null, code, 0, 0);
        }

        boolean isIdle() {
            return write == null && close == null;
        }
    }

    /**
     * The outcome of a finished write.
     *
     * @param written       the write that succeeded (its frames go to the listener one by one), or null
     * @param nowNanos      when it finished, for the frames' queue times
     * @param failure       a failure to report to the listener, or null
     * @param deltaMessages change in queued frames (the queue is dropped on failure)
     * @param deltaBytes    change in queued bytes
     * @param continueDrain the drain must go on; otherwise it has ended
     */
    record WriteDone(Write written, long nowNanos, Throwable failure, int deltaMessages, long deltaBytes,
            boolean continueDrain) {
    }
}
