package dev.switchboard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;

import dev.switchboard.channel.Broker;
import dev.switchboard.channel.EngineUnavailableException;
import dev.switchboard.channel.HistoryRead;
import dev.switchboard.channel.StreamPosition;
import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.support.Shutdowns;

/**
 * The {@link Broker} over Redis pub/sub: the node subscribes to a channel's pub/sub channel while it has local
 * subscribers, and delivers each message once per node, in offset order, filling gaps from the stream
 * ({@link ChannelTrack}); a check of each channel's top offset every second, and after every reconnect, catches a
 * lost tail. Every event runs on one thread, {@code switchboard-redis-delivery}, which owns the tracks.
 */
final class RedisBroker implements Broker {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBroker.class);
    /** The most messages one gap fill reads; a longer gap takes several. */
    static final int FILL_BATCH = 500;

    private final RedisConnections redis;
    private final RedisHistoryStore history;
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(
            new NamedThreadFactory("switchboard-redis-delivery", true));
    /** Channel → its track; only the delivery thread touches it (the gauge reads its size). */
    private final Map<String, Track> tracks = new HashMap<>();
    private final AtomicInteger subscribed = new AtomicInteger();
    private final Counter gapFills;
    private final String node = UUID.randomUUID().toString();
    private volatile Consumer<ChannelMessage> delivery = m -> { };
    private volatile BiConsumer<String, String> direct = (user, frame) -> { };
    private volatile PresenceTarget presenceTarget = (channel, user, joined) -> { };
    private final RedisPresence presence;

    /** A channel's track and the subscribes waiting for its start. Delivery thread only. */
    private static final class Track {
        final ChannelTrack order = new ChannelTrack();
        final List<CompletableFuture<StreamPosition>> waiting = new ArrayList<>();
    }

    RedisBroker(RedisConnections redis, RedisHistoryStore history) {
        this.redis = redis;
        this.history = history;
        this.gapFills = Counter.builder("switchboard.cluster.gap.fills")
                .description("Gaps in a channel's pub/sub stream filled from Redis").register(redis.meters());
        Gauge.builder("switchboard.redis.pubsub.channels", subscribed, AtomicInteger::get)
                .description("Redis pub/sub channels this node listens to").register(redis.meters());
        this.presence = new RedisPresence(redis, node);
        redis.every(Duration.ofSeconds(1), () -> run(this::checkAll));
    }

    /** Adds the listeners to the pub/sub connection when it opens; RedisConnections calls this once. */
    void attach(StatefulRedisPubSubConnection<String, String> pubsub) {
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String text) {
                received(channel, text);
            }
        });
        pubsub.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection) {
                run(RedisBroker.this::checkAll); // Lettuce subscribes again; what passed meanwhile is filled
            }
        });
        pubsub.async().subscribe(RedisKeys.DIRECT);
    }

    @Override
    public void start(Consumer<ChannelMessage> target) {
        this.delivery = target;
    }

    @Override
    public void onDirect(BiConsumer<String, String> target) {
        this.direct = target;
    }

    /** The publish script already sent it on pub/sub: nothing to do. */
    @Override
    public void publish(ChannelMessage message) {
    }

    @Override
    public void onPresence(PresenceTarget target) {
        this.presenceTarget = target;
    }

    @Override
    public void presenceChanged(String channel, String user, boolean joined, boolean announce) {
        presence.changed(channel, user, joined, announce);
    }

    @Override
    public CompletionStage<List<String>> presence(String channel) {
        return presence.users(channel);
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String engine() {
        return "redis";
    }

    @Override
    public boolean up() {
        return redis.up();
    }

    @Override
    public CompletionStage<StreamPosition> track(String channel) {
        CompletableFuture<StreamPosition> started = new CompletableFuture<>();
        run(() -> onTrack(channel, started));
        return started;
    }

    @Override
    public void untrack(String channel) {
        run(() -> {
            Track track = tracks.remove(channel);
            if (track != null) {
                subscribed.decrementAndGet();
                fail(track, new EngineUnavailableException("Unsubscribed"));
                StatefulRedisPubSubConnection<String, String> pubsub = redis.pubsub();
                if (pubsub != null) {
                    pubsub.async().unsubscribe(RedisKeys.pubsub(channel));
                }
            }
        });
    }

    @Override
    public void sendToUser(String user, String frameText) {
        redis.call("direct", c -> c.publish(RedisKeys.DIRECT, node + "\n" + user + "\n" + frameText));
    }

    private void onTrack(String channel, CompletableFuture<StreamPosition> started) {
        Track track = tracks.get(channel);
        if (track != null) {
            if (track.order.started()) {
                started.complete(track.order.position());
            } else {
                track.waiting.add(started);
            }
            return;
        }
        StatefulRedisPubSubConnection<String, String> pubsub = redis.pubsub();
        if (pubsub == null || !redis.up()) {
            started.completeExceptionally(new EngineUnavailableException("Redis is not connected"));
            return;
        }
        Track created = new Track();
        created.waiting.add(started);
        tracks.put(channel, created);
        subscribed.incrementAndGet();
        // Listening first, then reading the position: nothing published in between is missed.
        pubsub.async().subscribe(RedisKeys.pubsub(channel)).toCompletableFuture()
                .thenCompose(ok -> history.positionAsync(channel))
                .whenComplete((position, error) -> run(() -> onStarted(channel, created, position, error)));
    }

    private void onStarted(String channel, Track track, StreamPosition position, Throwable error) {
        if (tracks.get(channel) != track) {
            return; // untracked meanwhile
        }
        if (error != null) {
            tracks.remove(channel);
            subscribed.decrementAndGet();
            fail(track, new EngineUnavailableException("Redis cannot subscribe now", error));
            return;
        }
        ChannelTrack.Step step = track.order.onStarted(position);
        for (CompletableFuture<StreamPosition> waiter : track.waiting) {
            waiter.complete(position); // runs the subscriber's registration here, before any later message
        }
        track.waiting.clear();
        act(channel, track, step);
    }

    private void received(String pubsubChannel, String text) {
        if (RedisKeys.DIRECT.equals(pubsubChannel)) {
            receivedDirect(text);
            return;
        }
        String channel = RedisKeys.channelOf(pubsubChannel);
        if (channel != null && text.startsWith(RedisPresence.EVENT)) {
            receivedPresence(channel, text);
            return;
        }
        PubSubMessages.Received m = channel == null ? null : PubSubMessages.decode(text);
        if (m == null) {
            LOG.warn("Dropped a malformed message on Redis channel {}", pubsubChannel);
            return;
        }
        run(() -> {
            Track track = tracks.get(channel);
            if (track != null) {
                act(channel, track, track.order.onMessage(
                        history.message(channel, m.offset(), m.epoch(), m.data(), m.from(), m.timeMillis())));
            }
        });
    }

    /** Another node's join or leave: fanned out here if the channel is tracked. */
    private void receivedPresence(String channel, String text) {
        RedisPresence.Event event = presence.parse(text);
        if (event != null) {
            run(() -> {
                if (tracks.containsKey(channel)) {
                    presenceTarget.changed(channel, event.user(), event.joined());
                }
            });
        }
    }

    private void receivedDirect(String text) {
        int a = text.indexOf('\n');
        int b = a < 0 ? -1 : text.indexOf('\n', a + 1);
        if (b > 0 && !text.substring(0, a).equals(node)) {
            String user = text.substring(a + 1, b);
            String frame = text.substring(b + 1);
            run(() -> direct.accept(user, frame));
        }
    }

    /** Delivers what a step released, in order, and starts the fill it asks for. Delivery thread. */
    private void act(String channel, Track track, ChannelTrack.Step step) {
        for (ChannelMessage m : step.deliver()) {
            try {
                delivery.accept(m);
            } catch (RuntimeException e) {
                LOG.error("Delivery of a message on {} failed", channel, e);
            }
        }
        if (step.fills()) {
            gapFills.increment();
            history.readAsync(channel, step.fillSince(), FILL_BATCH)
                    .whenComplete((read, error) -> run(() -> onFilled(channel, track, read, error)));
        }
    }

    private void onFilled(String channel, Track track, HistoryRead read, Throwable error) {
        if (tracks.get(channel) != track) {
            return;
        }
        if (error != null) {
            track.order.onFillFailed();
            return;
        }
        act(channel, track, track.order.onFilled(read.messages(), read.position()));
    }

    /** Reads each tracked channel's top offset; a lost tail or a new epoch starts a fill. Delivery thread. */
    private void checkAll() {
        if (!redis.up()) {
            return;
        }
        for (Map.Entry<String, Track> e : tracks.entrySet()) {
            String channel = e.getKey();
            Track track = e.getValue();
            if (!track.order.started()) {
                continue;
            }
            history.positionAsync(channel).whenComplete((top, error) -> run(() -> {
                if (error == null && tracks.get(channel) == track) {
                    act(channel, track, track.order.onChecked(top));
                }
            }));
        }
    }

    private static void fail(Track track, RuntimeException error) {
        for (CompletableFuture<StreamPosition> waiter : track.waiting) {
            waiter.completeExceptionally(error);
        }
        track.waiting.clear();
    }

    private void run(Runnable task) {
        try {
            deliveries.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("Redis broker closed; event dropped");
        }
    }

    @Override
    public void close() {
        Shutdowns.stop(deliveries, Duration.ofSeconds(2), "switchboard-redis-delivery");
    }
}
