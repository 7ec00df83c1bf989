package dev.switchboard.channel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import dev.switchboard.config.OutboxSettings;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.outbox.EnqueueResult;
import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;

/**
 * Paced recovery replays: a subscriber catching up gets the missed messages from history in bounded batches, each
 * pulled when its outbox has drained, and no live message of the channel until it has caught up. Thread-safe; every
 * batch runs under the channel's lock, on the send pool. See docs/reliability.md, "Recovery of any backlog".
 */
final class Replays {

    private final HistoryStore history;
    private final ChannelLocks locks;
    private final ConnectionRegistry registry;
    private final HubMetrics metrics;
    private final int batchFrames;
    private final long batchBytes;
    /** Shared engine: how far this node has delivered each channel (the replay's target); null in memory. */
    private final Function<String, StreamPosition> delivered;
    /** Channel → the subscribers still catching up on it; changed only under the channel's lock. */
    private final Map<String, Map<Connection, Replay>> byChannel = new ConcurrentHashMap<>();

    /** A replay cursor: the last offset handed to the subscriber's outbox, in its epoch. */
    private static final class Replay {
        final Connection connection;
        final String channel;
        final String epoch;
        long cursor;
        /** Ahead of this node's deliveries (shared engine): waits for them to pass {@code cursor}, reads nothing. */
        boolean waiting;

        Replay(Connection connection, String channel, String epoch, long cursor) {
            this.connection = connection;
            this.channel = channel;
            this.epoch = epoch;
            this.cursor = cursor;
        }
    }

    /**
     * @param outbox the outbox limits: a batch is at most a quarter of them (at most 256 frames), so a replay never
     *               fills an outbox by itself
     */
    Replays(HistoryStore history, ChannelLocks locks, ConnectionRegistry registry, HubMetrics metrics,
            OutboxSettings outbox) {
        this(history, locks, registry, metrics, outbox, null);
    }

    /**
     * @param delivered for a shared engine: the position up to which this node delivered a channel (read under its
     *                  lock); a replay stops there and the live stream continues it
     */
    Replays(HistoryStore history, ChannelLocks locks, ConnectionRegistry registry, HubMetrics metrics,
            OutboxSettings outbox, Function<String, StreamPosition> delivered) {
        this.delivered = delivered;
        this.history = history;
        this.locks = locks;
        this.registry = registry;
        this.metrics = metrics;
        this.batchFrames = Math.max(1, Math.min(256, outbox.maxMessages() / 4));
        this.batchBytes = Math.max(1, outbox.maxBytes() / 4);
    }

    /** @return the most messages one batch (and so the first page of a recovery) holds */
    int batchFrames() {
        return batchFrames;
    }

    /**
     * Starts replaying to {@code connection} after {@code first}, the first page of a successful recovery. The
     * caller holds the channel's lock and has queued the {@code subscribed} reply.
     */
    void start(Connection connection, String channel, HistoryRead first, long since) {
        Replay replay = new Replay(connection, channel, first.position().epoch(), since);
        if (byChannel.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(connection, replay) == null) {
            metrics.replayStarted();
        }
        continueWith(replay, first);
    }

    /** @return whether {@code connection} is still catching up on {@code channel}; caller holds its lock */
    boolean isCatchingUp(String channel, Connection connection) {
        Map<Connection, Replay> replays = byChannel.get(channel);
        return replays != null && replays.containsKey(connection);
    }

    /** @return whether anyone is catching up on {@code channel}; caller holds its lock */
    boolean anyCatchingUp(String channel) {
        return byChannel.containsKey(channel);
    }

    /** @return whether {@code connection} is catching up on any of {@code channels}; a hint, taken without locks */
    boolean anyFor(Connection connection, Iterable<String> channels) {
        for (String channel : channels) {
            Map<Connection, Replay> replays = byChannel.get(channel);
            if (replays != null && replays.containsKey(connection)) {
                return true;
            }
        }
        return false;
    }

    /** Abandons the connection's replay of {@code channel}, if any; caller holds the channel's lock. */
    void cancel(Connection connection, String channel) {
        Map<Connection, Replay> replays = byChannel.get(channel);
        if (replays == null || replays.remove(connection) == null) {
            return;
        }
        metrics.replayEnded();
        if (replays.isEmpty()) {
            byChannel.remove(channel);
        }
    }

    /** @return replays in progress in the hub (a gauge) */
    int inProgress() {
        return byChannel.values().stream().mapToInt(Map::size).sum();
    }

    /** A refill: the next batch, now that the outbox has drained. Runs on the send pool. */
    private void pull(Replay replay) {
        ReentrantLock lock = locks.of(replay.channel);
        lock.lock();
        try {
            if (!isCurrent(replay)) {
                return; // cancelled, replaced by a newer subscribe, or closed: nothing left to do
            }
            long from = replay.cursor;
            // In memory the read completes here, under the lock; a shared engine's completes later and locks again.
            history.readAsync(replay.channel, from, batchFrames)
                    .whenComplete((next, error) -> pulled(replay, from, next, error));
        } finally {
            lock.unlock();
        }
    }

    private void pulled(Replay replay, long from, HistoryRead next, Throwable error) {
        ReentrantLock lock = locks.of(replay.channel);
        lock.lock();
        try {
            if (!isCurrent(replay) || replay.cursor != from) {
                return;
            }
            if (error != null) {
                cancel(replay.connection, replay.channel); // the engine is away: the client recovers on reconnect
                registry.closeLater(replay.connection, CloseCodes.TRY_AGAIN_LATER);
                return;
            }
            if (!next.recovered() || !replay.epoch.equals(next.position().epoch())) {
                // History dropped what the peer had not read yet: the promise cannot be kept, say so.
                cancel(replay.connection, replay.channel);
                registry.closeLater(replay.connection, CloseCodes.INSUFFICIENT_STATE);
                return;
            }
            continueWith(replay, next);
        } finally {
            lock.unlock();
        }
    }

    private boolean isCurrent(Replay replay) {
        Map<Connection, Replay> replays = byChannel.get(replay.channel);
        return replays != null && replays.get(replay.connection) == replay && !replay.connection.isClosed();
    }

    /**
     * Shared engine: this node delivered the channel up to {@code offset}; replays that were ahead of it and are now
     * reached end, so live messages flow to them. Caller holds the channel's lock.
     */
    void advanced(String channel, long offset) {
        Map<Connection, Replay> replays = byChannel.get(channel);
        if (replays == null) {
            return;
        }
        for (Replay replay : List.copyOf(replays.values())) {
            if (replay.waiting && replay.cursor <= offset) {
                cancel(replay.connection, channel);
            }
        }
    }

    /** Queues a batch of {@code read} and either finishes (caught up) or asks for a refill. Caller holds the lock. */
    private void continueWith(Replay replay, HistoryRead read) {
        long target = target(replay, read);
        long bytes = 0;
        List<ChannelMessage> messages = read.messages();
        for (int i = 0; i < messages.size() && (i == 0 || bytes < batchBytes); i++) {
            ChannelMessage m = messages.get(i);
            if (m.offset() > target) {
                break; // this node has not delivered it yet: it reaches the subscriber live
            }
            if (replay.connection.send(m.frame()) == EnqueueResult.OVERFLOW) {
                cancel(replay.connection, replay.channel);
                registry.closeLater(replay.connection, CloseCodes.SLOW_CONSUMER);
                return;
            }
            bytes += m.frame().payloadBytes();
            replay.cursor = m.offset();
        }
        if (replay.cursor > target) {
            replay.waiting = true; // the subscriber is ahead of this node: live messages up to its cursor are skipped
        } else if (replay.cursor == target) {
            cancel(replay.connection, replay.channel); // caught up: live messages reach it from now on
        } else if (!replay.connection.refillWhenAtMost(batchFrames / 2, () -> pull(replay))) {
            cancel(replay.connection, replay.channel); // closing: the outbox will never ask again
        }
    }

    /** @return the offset the replay must reach: the read's position in memory, this node's delivered one if shared */
    private long target(Replay replay, HistoryRead read) {
        if (delivered == null) {
            return read.position().offset();
        }
        StreamPosition here = delivered.apply(replay.channel);
        return here == null ? read.position().offset() : here.offset();
    }
}
