package dev.switchboard.outbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.OutboundFrame;

/**
 * A fake transport whose completions the test triggers by hand (or, with {@link #completeInline}, synchronously
 * inside the write call). Records every call as an event ({@code text:<payload>}, {@code text:<a>|<b>|<c>} for a
 * write of several frames, {@code ping}, {@code close:<code>}) and the most writes ever in flight at once.
 * Thread-safe.
 */
public class ScriptedTransport implements Transport {

    private final int maxFramesPerWrite;

    private final Object lock = new Object();
    private final List<String> events = new ArrayList<>();
    private final List<String> closeThreads = new ArrayList<>();
    private final Deque<WriteCallback> pending = new ArrayDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicBoolean completeInline = new AtomicBoolean();

    /** A transport that writes one frame at a time, as the {@code jakarta.websocket} API does. */
    public ScriptedTransport() {
        this(1);
    }

    /** @param maxFramesPerWrite how many queued frames one write may carry */
    public ScriptedTransport(int maxFramesPerWrite) {
        this.maxFramesPerWrite = maxFramesPerWrite;
    }

    @Override
    public int maxFramesPerWrite() {
        return maxFramesPerWrite;
    }

    /** From now on, complete every write synchronously, inside the write call. */
    public void completeInline() {
        completeInline.set(true);
    }

    @Override
    public void sendTexts(List<OutboundFrame> frames, WriteCallback callback) {
        if (frames.isEmpty() || frames.size() > maxFramesPerWrite) {
            throw new AssertionError("a write of " + frames.size() + " frames; at most " + maxFramesPerWrite);
        }
        begin("text:" + frames.stream().map(OutboundFrame::text).collect(Collectors.joining("|")), callback);
    }

    @Override
    public void sendPing(WriteCallback callback) {
        begin("ping", callback);
    }

    @Override
    public void close(CloseCode code) {
        synchronized (lock) {
            events.add("close:" + code.code());
            closeThreads.add(Thread.currentThread().getName());
        }
    }

    /** Completes the oldest pending write successfully. */
    public void completeNext() {
        takeNext().completed();
    }

    /** Fails the oldest pending write. */
    public void failNext(Throwable error) {
        takeNext().failed(error);
    }

    public List<String> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    public List<String> closeThreads() {
        synchronized (lock) {
            return List.copyOf(closeThreads);
        }
    }

    public int pendingWrites() {
        synchronized (lock) {
            return pending.size();
        }
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void begin(String event, WriteCallback callback) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        synchronized (lock) {
            events.add(event);
            if (!completeInline.get()) {
                pending.addLast(callback);
                return;
            }
        }
        inFlight.decrementAndGet();
        callback.completed();
    }

    private WriteCallback takeNext() {
        WriteCallback callback;
        synchronized (lock) {
            callback = pending.pollFirst();
        }
        if (callback == null) {
            throw new AssertionError("no write is pending");
        }
        inFlight.decrementAndGet();
        return callback;
    }
}
