package dev.switchboard.channel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.protocol.Push;

/**
 * One channel's stream in {@link MemoryHistoryStore}: offset counter, epoch and history ring, guarded by its own
 * lock, held for in-memory work only. Once the store retires it, every call returns {@code null}.
 * See docs/design-notes.md, "History, offsets and epochs".
 */
final class MemoryStream {

    /** A held message and the monotonic time, in nanoseconds, at which it was stored. */
    private record Held(ChannelMessage message, long storedAtNanos) {
    }

    private final String channel;
    private final String epoch;
    private final JsonCodec codec;
    private final int capacity;
    private final long ttlNanos;
    private final AtomicLong heldGauge;
    private final ReentrantLock lock = new ReentrantLock();
    /** Oldest first; offsets are consecutive because messages only leave from the head. Guarded by {@link #lock}. */
    private final ArrayDeque<Held> ring = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private long top;
    /** Monotonic nanoseconds of the last publish or read; guarded by {@link #lock}. */
    private long lastUsedNanos;
    /** Guarded by {@link #lock}. */
    private boolean retired;

    /**
     * @param capacity  the most messages held, 0 to hold none
     * @param ttlNanos  the age at which a message leaves history, and the idle time after which the stream may be
     *                  dropped; positive
     * @param heldGauge the store-wide count of held messages, updated with every change to the ring
     * @param nowNanos  the monotonic time of creation
     */
    MemoryStream(String channel, String epoch, JsonCodec codec, int capacity, long ttlNanos, AtomicLong heldGauge,
            long nowNanos) {
        this.channel = channel;
        this.epoch = epoch;
        this.codec = codec;
        this.capacity = capacity;
        this.ttlNanos = ttlNanos;
        this.heldGauge = heldGauge;
        this.lastUsedNanos = nowNanos;
    }

    /** @return the appended message, or {@code null} when the stream is retired */
    ChannelMessage append(String data, String from, long nowNanos, long wallMillis) {
        lock.lock();
        try {
            if (retired) {
                return null;
            }
            trim(nowNanos);
            long offset = top + 1;
            // Encode before committing the offset: an encoding failure must not leave a gap.
            OutboundFrame frame = codec.frame(new Push.Message(channel, offset, epoch, data, from, wallMillis));
            ChannelMessage message = new ChannelMessage(channel, offset, epoch, from, wallMillis, frame);
            top = offset;
            lastUsedNanos = nowNanos;
            if (capacity > 0) {
                if (ring.size() == capacity) {
                    ring.pollFirst();
                    heldGauge.decrementAndGet();
                }
                ring.addLast(new Held(message, nowNanos));
                heldGauge.incrementAndGet();
            }
            return message;
        } finally {
            lock.unlock();
        }
    }

    /** @return the read (rules in {@link HistoryStore#read}), or {@code null} when the stream is retired */
    HistoryRead read(long since, int limit, long nowNanos) {
        lock.lock();
        try {
            if (retired) {
                return null;
            }
            trim(nowNanos);
            lastUsedNanos = nowNanos;
            long oldest = ring.isEmpty() ? top + 1 : ring.peekFirst().message().offset();
            boolean recovered = since == top || (since < top && oldest <= since + 1);
            return new HistoryRead(new StreamPosition(top, epoch), after(since, oldest, limit), recovered);
        } finally {
            lock.unlock();
        }
    }

    /** @return the current position, or {@code null} when the stream is retired */
    StreamPosition position(long nowNanos) {
        lock.lock();
        try {
            if (retired) {
                return null;
            }
            lastUsedNanos = nowNanos;
            return new StreamPosition(top, epoch);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops expired messages, and retires the stream when it holds nothing and was not used for the TTL.
     *
     * @return {@code true} when the stream is retired (now or before) and should leave the store's map
     */
    boolean expire(long nowNanos) {
        lock.lock();
        try {
            if (!retired) {
                trim(nowNanos);
                retired = ring.isEmpty() && nowNanos - lastUsedNanos >= ttlNanos;
            }
            return retired;
        } finally {
            lock.unlock();
        }
    }

    /** Retires the stream and releases its messages; used when the store closes. */
    void retire() {
        lock.lock();
        try {
            retired = true;
            heldGauge.addAndGet(-ring.size());
            ring.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Drops messages at least {@link #ttlNanos} old. Caller holds the lock. */
    private void trim(long nowNanos) {
        Held head;
        // Differences, not comparisons of raw readings: nanoTime may overflow.
        while ((head = ring.peekFirst()) != null && nowNanos - head.storedAtNanos() >= ttlNanos) {
            ring.pollFirst();
            heldGauge.decrementAndGet();
        }
    }

    /** Up to {@code limit} held messages with offset above {@code since}. Caller holds the lock. */
    private List<ChannelMessage> after(long since, long oldest, int limit) {
        if (since >= top || ring.isEmpty()) {
            return List.of();
        }
        long skip = Math.max(0, since + 1 - oldest);
        List<ChannelMessage> out = new ArrayList<>((int) Math.min(limit, ring.size() - skip));
        Iterator<Held> it = ring.iterator();
        for (long i = 0; i < skip; i++) {
            it.next();
        }
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next().message());
        }
        return out;
    }
}
