package dev.switchboard.outbox;

import java.util.ArrayDeque;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.support.Utf8;

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
    private final ArrayDeque<Frame> texts = new ArrayDeque<>();
    private long queuedChars;
    private boolean pingPending;
    /** The frame whose write is in flight, or null. */
    private Frame inFlight;
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

    After enqueue(String text, long nowNanos) {
        if (sealed) {
            return After.CLOSED;
        }
        int length = text.length();
        boolean textInFlight = inFlight != null && !inFlight.isPing();
        long messages = texts.size() + (textInFlight ? 1L : 0L) + 1L;
        long chars = queuedChars + (textInFlight ? inFlight.text().length() : 0L) + length;
        if (messages > limits.maxMessages() || chars > limits.maxChars()) {
            sealed = true;
            return dropQueue(EnqueueResult.OVERFLOW);
        }
        texts.addLast(new Frame(text, nowNanos));
        queuedChars += length;
        return new After(EnqueueResult.ACCEPTED, 1, length, startDrain(), null);
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
            return new After(null, dropped.deltaMessages(), dropped.deltaChars(), false, closeCode);
        }
        closeStage = CloseStage.NEXT;
        return new After(null, dropped.deltaMessages(), dropped.deltaChars(), startDrain(), null);
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

    /** Picks the drain's next step; called only by the drain, with no write in flight. */
    Step next(long nowNanos) {
        if (closeStage == CloseStage.NEXT) {
            closeStage = CloseStage.ISSUED;
            return Step.close(closeCode);
        }
        if (pingPending) {
            pingPending = false;
            return startWrite(Frame.PING, nowNanos, 0, 0);
        }
        Frame text = texts.pollFirst();
        if (text != null) {
            queuedChars -= text.text().length();
            return startWrite(text, nowNanos, -1, -text.text().length());
        }
        if (closeStage == CloseStage.AFTER_QUEUE) {
            closeStage = CloseStage.ISSUED;
            return Step.close(closeCode);
        }
        drainActive = false;
        return Step.IDLE;
    }

    /** Records the completion of the write in flight; {@code failure} is null when it succeeded. */
    WriteDone writeFinished(Throwable failure, long nowNanos) {
        Frame frame = inFlight;
        inFlight = null;
        if (failure == null) {
            // Metrics count bytes on the wire, not chars: UTF-8, as the frame is written.
            int bytes = frame.isPing() ? -1 : (int) Utf8.length(frame.text());
            return new WriteDone(bytes, nowNanos - frame.enqueuedNanos(), null, 0, 0, continueDrain());
        }
        boolean expected = closeStage == CloseStage.ISSUED || closeStage == CloseStage.WITHDRAWN;
        boolean report = !failed && !expected;
        failed = true;
        sealed = true;
        After dropped = dropQueue(null);
        return new WriteDone(-1, 0, report ? failure : null, dropped.deltaMessages(), dropped.deltaChars(),
                continueDrain());
    }

    boolean isWriteStalled(long nowNanos, long timeoutNanos) {
        return inFlight != null && nowNanos - inFlightSince > timeoutNanos;
    }

    int queuedMessages() {
        return texts.size();
    }

    long queuedChars() {
        return queuedChars;
    }

    boolean isSealed() {
        return sealed;
    }

    boolean isDrained() {
        boolean closePending = closeStage == CloseStage.AFTER_QUEUE || closeStage == CloseStage.NEXT;
        return sealed && texts.isEmpty() && !pingPending && inFlight == null && !closePending;
    }

    private Step startWrite(Frame frame, long nowNanos, int deltaMessages, long deltaChars) {
        inFlight = frame;
        inFlightSince = nowNanos;
        return new Step(frame, null, deltaMessages, deltaChars);
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
        long chars = queuedChars;
        texts.clear();
        queuedChars = 0;
        pingPending = false;
        return new After(result, -messages, -chars, false, null);
    }

    /** A frame queued or in flight; {@link #PING} stands for the ping control frame. */
    record Frame(String text, long enqueuedNanos) {
        static final Frame PING = new Frame(null, 0);

        boolean isPing() {
            return text == null;
        }
    }

    /**
     * What a caller-facing transition asks for once unlocked.
     *
     * @param result        what to return to the caller, or null
     * @param deltaMessages change in queued frames, for the listener
     * @param deltaChars    change in queued chars, for the listener
     * @param scheduleDrain submit a drain task
     * @param closeTask     if not null, submit a task closing the transport with this code
     */
    record After(EnqueueResult result, int deltaMessages, long deltaChars, boolean scheduleDrain,
            CloseCode closeTask) {
        static final After NOTHING = new After(null, 0, 0, false, null);
        static final After ACCEPTED = new After(EnqueueResult.ACCEPTED, 0, 0, false, null);
        static final After CLOSED = new After(EnqueueResult.CLOSED, 0, 0, false, null);
    }

    /**
     * The drain's next step: write a frame, close the transport, or (both null) stop.
     *
     * @param write         the frame to write, or null
     * @param close         the code to close the transport with, or null
     * @param deltaMessages change in queued frames, for the listener
     * @param deltaChars    change in queued chars, for the listener
     */
    record Step(Frame write, CloseCode close, int deltaMessages, long deltaChars) {
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
     * @param writtenBytes  the text frame's UTF-8 length in bytes if one was written, otherwise -1
     * @param queuedNanos   enqueue to completion, when a text frame was written
     * @param failure       a failure to report to the listener, or null
     * @param deltaMessages change in queued frames (the queue is dropped on failure)
     * @param deltaChars    change in queued chars
     * @param continueDrain the drain must go on; otherwise it has ended
     */
    record WriteDone(int writtenBytes, long queuedNanos, Throwable failure, int deltaMessages, long deltaChars,
            boolean continueDrain) {
    }
}
