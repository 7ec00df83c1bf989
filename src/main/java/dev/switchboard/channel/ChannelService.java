package dev.switchboard.channel;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.config.HubConfig;
import dev.switchboard.heartbeat.Tick;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.outbox.DrainBatch;
import dev.switchboard.outbox.EnqueueResult;
import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.ChannelNames;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.protocol.Push;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionClosed;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.registry.LogContext;
import dev.switchboard.registry.SendPool;

/**
 * Subscribe, publish, fan-out, history and presence. Returns results and writes no reply: the caller owns replies.
 * One lock per channel (striped) orders its publishes, deliveries and subscriptions, so a recovering subscriber
 * gets its replay, then the live stream, with no gap and no duplicate. Thread-safe; never blocks on a peer.
 */
@ApplicationScoped
public class ChannelService {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelService.class);

    private final HubConfig config;
    private final ConnectionRegistry registry;
    private final HistoryStore history;
    private final Broker broker;
    private final JsonCodec codec;
    private final HubMetrics metrics;
    private final SendPool sendPool;
    private final ChannelLocks locks;
    private final Replays replays;
    /** Shared engine: how far this node delivered each channel it tracks; changed under the channel's lock. */
    private final Map<String, StreamPosition> delivered = new ConcurrentHashMap<>();
    /** Shared engine: subscribes waiting for the engine, per channel, so the channel stays tracked; under its lock. */
    private final Map<String, Integer> pending = new ConcurrentHashMap<>();

    @Inject
    public ChannelService(HubConfig config, ConnectionRegistry registry, HistoryStore history, Broker broker,
            JsonCodec codec, HubMetrics metrics, SendPool sendPool) {
        this.config = config;
        this.registry = registry;
        this.history = history;
        this.broker = broker;
        this.codec = codec;
        this.metrics = metrics;
        this.sendPool = sendPool;
        this.locks = new ChannelLocks();
        this.replays = new Replays(history, locks, registry, metrics, config.outbox(),
                broker.shared() ? delivered::get : null);
        broker.start(this::deliver);
        broker.onPresence(this::remotePresence);
    }

    /** For CDI proxies only. */
    protected ChannelService() {
        this.config = null;
        this.registry = null;
        this.history = null;
        this.broker = null;
        this.codec = null;
        this.metrics = null;
        this.sendPool = null;
        this.locks = null;
        this.replays = null;
    }

    /**
     * Subscribes and, when {@code since} is given and recovery is possible, replays the missed messages before any
     * live one. {@code started} is called once, under the channel's lock, before the replay and before any live
     * message or presence event reaches this connection: it must only enqueue (the caller's reply), never block.
     *
     * With a shared engine the subscription completes later, when the engine answered; it fails with
     * {@link EngineUnavailableException} (and nothing changed) when the engine cannot answer.
     *
     * @param since null for no recovery; otherwise the last offset the subscriber saw, in {@code epoch}
     * @return where the subscription started, as given to {@code started}
     */
    public CompletionStage<SubscribeResult> subscribe(Connection connection, String channel, Long since,
            String epoch, Consumer<SubscribeResult> started) {
        if (broker.shared()) {
            return subscribeShared(connection, channel, since, epoch, started);
        }
        return CompletableFuture.completedFuture(subscribeHere(connection, channel, since, epoch, started));
    }

    private SubscribeResult subscribeHere(Connection connection, String channel, Long since, String epoch,
            Consumer<SubscribeResult> started) {
        ReentrantLock lock = lockFor(channel);
        lock.lock();
        try {
            boolean added = registry.subscribe(connection, channel);
            SubscribeResult result;
            replays.cancel(connection, channel); // the latest subscribe decides where the stream starts
            if (since == null) {
                result = new SubscribeResult(history.position(channel), null);
                started.accept(result);
            } else {
                HistoryRead first = history.recoverPage(channel, since, epoch, replays.batchFrames());
                result = new SubscribeResult(first.position(), first.recovered());
                started.accept(result);
                if (first.recovered()) {
                    replays.start(connection, channel, first, since);
                }
            }
            if (added) {
                presenceChanged(connection, channel, true);
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Subscribes on the server's initiative (an application's endpoint): no reply frame and no recovery, only the
     * live messages from now on, and the presence {@code join} when enabled. Idempotent.
     */
    public void subscribe(Connection connection, String channel) {
        if (broker.shared()) {
            // Live messages start once this node listens to the channel; a refusal is logged, as nobody waits.
            subscribeShared(connection, channel, null, null, started -> { }).whenComplete((r, e) -> {
                if (e != null) {
                    LOG.warn("Server-side subscribe to {} failed: {}", channel, e.getMessage());
                }
            });
            return;
        }
        ReentrantLock lock = lockFor(channel);
        lock.lock();
        try {
            boolean added = registry.subscribe(connection, channel);
            if (added) {
                presenceChanged(connection, channel, true);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Unsubscribes; no message of the channel reaches the connection after this returns.
     *
     * @return false if the connection was not subscribed to the channel
     */
    public boolean unsubscribe(Connection connection, String channel) {
        ReentrantLock lock = lockFor(channel);
        lock.lock();
        try {
            if (!registry.unsubscribe(connection, channel)) {
                return false;
            }
            replays.cancel(connection, channel);
            presenceChanged(connection, channel, false);
            untrackIfUnused(channel);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Publishes serialized JSON {@code data} to a valid channel as {@code from}. In memory the message is numbered
     * and delivered before this returns; a shared engine completes later, or fails with
     * {@link EngineUnavailableException} when the publish was refused (it then never happens).
     *
     * @param traceId the W3C trace id of the publish, carried to the delivery log lines; null if none
     * @return the numbered message
     */
    public CompletionStage<ChannelMessage> publish(String channel, String data, String from, String traceId) {
        ReentrantLock lock = lockFor(channel);
        lock.lock();
        try {
            // In memory the stage is complete: numbering and delivery happen here, under the channel's lock.
            return history.appendAsync(channel, data, from).thenApply(numbered -> {
                ChannelMessage message = traceId == null ? numbered : numbered.withTraceId(traceId);
                metrics.published(ChannelNames.namespace(channel));
                if (LOG.isDebugEnabled()) {
                    try (LogContext log = LogContext.ofMessage(channel, traceId)) {
                        LOG.debug("Published offset {} from {}", message.offset(), from);
                    }
                }
                broker.publish(message);
                return message;
            });
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return the oldest held messages with offset greater than {@code since}: at most {@code limit}, and no more
     *         than {@link #historyBytes()} of encoded messages (always at least one, when one is held); the caller
     *         pages on while {@link HistoryRead#hasMore} says so. Complete at once in memory; a shared engine may
     *         fail it with {@link EngineUnavailableException}
     */
    public CompletionStage<HistoryRead> history(String channel, long since, int limit) {
        return history.readAsync(channel, since, limit).thenApply(read -> read.truncatedTo(historyBytes()));
    }

    /** @return the most bytes of encoded messages one history answer carries: half of {@code outbox.max.bytes} */
    public long historyBytes() {
        return Math.max(1, config.outbox().maxBytes() / 2);
    }

    /** @return the recovery replays in progress on this node */
    public int replaysInProgress() {
        return replays.inProgress();
    }

    /**
     * @return the users subscribed to the channel, each once, sorted: on every node with a shared engine (which may
     *         fail it with {@link EngineUnavailableException}), on this one in memory (complete at once)
     */
    public CompletionStage<List<String>> presence(String channel) {
        CompletionStage<List<String>> everywhere = broker.presence(channel);
        return everywhere != null ? everywhere : CompletableFuture.completedFuture(localPresence(channel));
    }

    private List<String> localPresence(String channel) {
        TreeSet<String> users = new TreeSet<>();
        for (Connection c : registry.subscribers(channel)) {
            if (!c.isClosed()) {
                users.add(c.user());
            }
        }
        return List.copyOf(users);
    }

    /** Delivers a numbered message to this node's subscribers of its channel (the broker calls this). */
    void deliver(ChannelMessage message) {
        ReentrantLock lock = lockFor(message.channel());
        lock.lock();
        try {
            if (broker.shared()) {
                if (!delivered.containsKey(message.channel())) {
                    return; // no longer tracked here: nobody to deliver to
                }
                delivered.put(message.channel(), new StreamPosition(message.offset(), message.epoch()));
            }
            deliverLive(message);
            replays.advanced(message.channel(), message.offset());
            if (LOG.isDebugEnabled()) {
                logDeliveries(message);
            }
        } finally {
            lock.unlock();
        }
    }

    private void logDeliveries(ChannelMessage message) {
        try (LogContext log = LogContext.ofMessage(message.channel(), message.traceId())) {
            for (Connection c : registry.subscribers(message.channel())) {
                // The subscriber's session and user, not the publisher's (a WebSocket publish runs in its context).
                try (LogContext subscriber = LogContext.ofSubscriber(c)) {
                    LOG.debug("Delivered offset {}", message.offset());
                }
            }
        }
    }

    /** Fan-out of a numbered message; a subscriber still catching up gets it from its replay instead, in order. */
    private void deliverLive(ChannelMessage message) {
        String channel = message.channel();
        if (!replays.anyCatchingUp(channel)) {
            fanOut(channel, message.frame());
            return;
        }
        DrainBatch batch = new DrainBatch(sendPool);
        try {
            for (Connection c : registry.subscribers(channel)) {
                if (!replays.isCatchingUp(channel, c)) {
                    send(c, message.frame(), batch);
                }
            }
        } finally {
            batch.flush();
        }
    }

    /** Queues the frame for every subscriber; their writes start a chunk of sessions per send-pool task. */
    private void fanOut(String channel, OutboundFrame frame) {
        DrainBatch batch = new DrainBatch(sendPool);
        try {
            for (Connection c : registry.subscribers(channel)) {
                send(c, frame, batch);
            }
        } finally {
            batch.flush();
        }
    }

    private void send(Connection connection, OutboundFrame frame, DrainBatch batch) {
        if (connection.send(frame, batch) == EnqueueResult.OVERFLOW) {
            // Never close inline on a broadcasting thread: the close path fires events that take other locks.
            registry.closeLater(connection, CloseCodes.SLOW_CONSUMER);
        }
    }

    /**
     * Cleans up after a closed connection, once, from the send pool: abandons its replays and sends the presence
     * {@code leave} events. Never blocks.
     */
    void onClosed(@Observes ConnectionClosed closed) {
        boolean presence = closed.channels().stream().anyMatch(this::presenceEvents);
        if (closed.channels().isEmpty() || !presence && !broker.shared()
                && !replays.anyFor(closed.connection(), closed.channels())) {
            return;
        }
        try {
            // Off the closing thread, which may be a selector: the fan-out takes channel locks and reaches every
            // subscriber. The connection has left every index already, so the decision below sees it gone.
            sendPool.execute(() -> cleanUp(closed, presence));
        } catch (RejectedExecutionException e) {
            cleanUp(closed, presence); // the pool is stopping: run it here, or it never runs
        }
    }

    private void cleanUp(ConnectionClosed closed, boolean presence) {
        for (String channel : closed.channels()) {
            ReentrantLock lock = lockFor(channel);
            lock.lock();
            try {
                replays.cancel(closed.connection(), channel);
                if (presence || broker.shared()) {
                    presenceChanged(closed.connection(), channel, false);
                }
                untrackIfUnused(channel);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * The connection joined or left the channel: when it is the user's first (or last) connection on it here, sends
     * {@code join}/{@code leave} when enabled and tells the broker (presence on every node). Caller holds the lock.
     */
    private void presenceChanged(Connection connection, String channel, boolean joined) {
        if (registry.userHasOtherSubscription(connection, channel)) {
            return;
        }
        boolean events = presenceEvents(channel);
        if (events) {
            fanOut(channel, codec.frame(joined ? new Push.Join(channel, connection.user())
                    : new Push.Leave(channel, connection.user())));
        }
        broker.presenceChanged(channel, connection.user(), joined, events);
    }

    /** A presence event from another node: fanned out to this node's subscribers of the channel. */
    private void remotePresence(String channel, String user, boolean joined) {
        ReentrantLock lock = lockFor(channel);
        lock.lock();
        try {
            fanOut(channel, codec.frame(joined ? new Push.Join(channel, user) : new Push.Leave(channel, user)));
        } finally {
            lock.unlock();
        }
    }

    /** @return whether {@code join}/{@code leave} are sent on this channel: its namespace's setting, or the global */
    private boolean presenceEvents(String channel) {
        return config.namespaces().rules(ChannelNames.namespace(channel)).presenceEvents()
                .orElse(config.channels().presenceEvents());
    }

    void onTick(@Observes Tick tick) {
        history.expire();
    }

    /**
     * A shared engine's subscribe: tracks the channel on this node, reads the first page of a recovery, then
     * registers the subscriber at the position this node has delivered, under the channel's lock.
     */
    private CompletionStage<SubscribeResult> subscribeShared(Connection connection, String channel, Long since,
            String epoch, Consumer<SubscribeResult> started) {
        ReentrantLock lock = lockFor(channel);
        CompletionStage<StreamPosition> tracked;
        lock.lock();
        try {
            pending.merge(channel, 1, Integer::sum);
            // Runs on the broker's delivery thread before any later message of the channel: the start position.
            tracked = broker.track(channel).thenApply(start -> {
                onTracked(channel, start);
                return start;
            });
        } finally {
            lock.unlock();
        }
        CompletionStage<HistoryRead> first = since == null ? tracked.thenApply(start -> null)
                : tracked.thenCompose(start -> history.recoverPageAsync(channel, since, epoch, replays.batchFrames()));
        return first.handle((read, error) -> subscribed(connection, channel, since, epoch, read, error, started));
    }

    private void onTracked(String channel, StreamPosition start) {
        ReentrantLock lock = lockFor(channel);
        lock.lock();
        try {
            if (start != null) {
                delivered.putIfAbsent(channel, start);
            }
        } finally {
            lock.unlock();
        }
    }

    private SubscribeResult subscribed(Connection connection, String channel, Long since, String epoch,
            HistoryRead read, Throwable error, Consumer<SubscribeResult> started) {
        ReentrantLock lock = lockFor(channel);
        lock.lock();
        try {
            pending.computeIfPresent(channel, (c, n) -> n > 1 ? n - 1 : null);
            StreamPosition here = delivered.get(channel);
            if (error != null || here == null) {
                untrackIfUnused(channel);
                throw new CompletionException(unavailable(error));
            }
            boolean added = registry.subscribe(connection, channel);
            replays.cancel(connection, channel);
            Boolean recovered = since == null ? null : read.recovered()
                    && read.position().epoch().equals(here.epoch()) && (epoch == null || epoch.equals(here.epoch()));
            SubscribeResult result = new SubscribeResult(here, recovered);
            started.accept(result);
            if (Boolean.TRUE.equals(recovered)) {
                replays.start(connection, channel, read, since);
            }
            if (added) {
                presenceChanged(connection, channel, true);
            }
            if (connection.isClosed()) {
                registry.unsubscribe(connection, channel); // closed while waiting: its close cleaned up before
                untrackIfUnused(channel);
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    private static EngineUnavailableException unavailable(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof EngineUnavailableException e ? e
                : new EngineUnavailableException("The engine cannot subscribe now", cause);
    }

    /** Shared engine: stops receiving a channel nobody here subscribes to any more. Caller holds its lock. */
    private void untrackIfUnused(String channel) {
        if (broker.shared() && !pending.containsKey(channel) && registry.subscribers(channel).isEmpty()) {
            delivered.remove(channel);
            broker.untrack(channel);
        }
    }

    private ReentrantLock lockFor(String channel) {
        return locks.of(channel);
    }
}
