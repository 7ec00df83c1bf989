package dev.switchboard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;

import dev.switchboard.channel.EngineUnavailableException;
import dev.switchboard.config.EngineSettings;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.support.Shutdowns;

/**
 * The engine's Redis: Lettuce's client and resources (threads {@code switchboard-redis-*}), one command connection
 * and one pub/sub connection, standalone, Sentinel or Cluster. Commands never wait for a reconnect: while Redis is
 * away they fail at once ({@code REJECT_COMMANDS}) or after {@code redis.command.timeout.ms}, and a circuit breaker
 * fails them without trying while Redis keeps failing. A PING each second decides {@link #up()}. Thread-safe.
 */
final class RedisConnections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnections.class);
    /** How often the health check pings Redis (and retries a connection that never opened). */
    static final Duration PING_EVERY = Duration.ofSeconds(1);
    /**
     * No command is sent again after a reconnect: one in flight when the connection dropped fails (the hub answers
     * {@code unavailable}), so a publish the hub refused can never run later. Lettuce resubscribes pub/sub itself.
     */
    private static final Predicate<RedisCommand<?, ?, ?>> NEVER_REPLAY = command -> true;

    /** Classes {@link #close()} needs that nothing else may have loaded before it runs. */
    private static final List<Class<?>> CLOSE_PATH = List.of(Shutdowns.class);

    private final EngineSettings settings;
    private final HashedWheelTimer timer;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final CircuitBreaker breaker;
    private final ScheduledExecutorService health;
    private final MeterRegistry meters;
    private final Counter errors;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final AtomicBoolean up = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The reason the last connection attempt failed, logged once; null once connected. */
    private volatile String lastFailure;
    private volatile Consumer<StatefulRedisPubSubConnection<String, String>> onPubSub = pubsub -> { };
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisClusterAsyncCommands<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;

    /** Makes the client; {@link #start} connects. */
    RedisConnections(EngineSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
        // The timer is the engine's own, so that close() stops it even where Lettuce's shutdown fails part way.
        this.timer = new HashedWheelTimer(new DefaultThreadFactory("switchboard-redis-lettuce-timer", true));
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1)
                .threadFactoryProvider(pool -> new DefaultThreadFactory("switchboard-redis-" + pool, true))
                .timer(timer)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.client = settings.clusterNodes().isEmpty() ? standalone() : cluster();
        this.breaker = CircuitBreaker.of("redis", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED).slidingWindowSize(5)
                .minimumNumberOfCalls(5).failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(1))
                .permittedNumberOfCallsInHalfOpenState(2).automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
        this.errors = Counter.builder("switchboard.redis.errors").description("Redis commands that failed")
                .register(meters);
        Gauge.builder("switchboard.redis.up", up, u -> u.get() ? 1 : 0)
                .description("1 while Redis answers the engine's health check").register(meters);
        this.health = Executors.newSingleThreadScheduledExecutor(
                new NamedThreadFactory("switchboard-redis-health", true));
        // Loaded now: Payara may stop the application's class loader before its beans are destroyed (a hot
        // redeploy), and then close() could not load it (docs/deploy.md, "The Redis engine in a server").
        CLOSE_PATH.forEach(Class::getName);
    }

    /**
     * Connects (or keeps trying each second, if Redis is not there yet: the node starts and stays not ready).
     *
     * @param opened called once with the pub/sub connection when it opens, to add listeners and subscribe
     */
    void start(Consumer<StatefulRedisPubSubConnection<String, String>> opened) {
        this.onPubSub = opened;
        connect();
        health.scheduleWithFixedDelay(this::check, PING_EVERY.toMillis(), PING_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private AbstractRedisClient standalone() {
        RedisClient redis = RedisClient.create(resources, RedisURI.create(settings.redisUri().toString()));
        redis.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).replayFilter(NEVER_REPLAY)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).build()).build());
        return redis;
    }

    private AbstractRedisClient cluster() {
        List<RedisURI> seeds = settings.clusterNodes().stream().map(RedisURI::create).toList();
        RedisClusterClient redis = RedisClusterClient.create(resources, seeds);
        ClusterClientOptions.Builder options = ClusterClientOptions.builder();
        options.replayFilter(NEVER_REPLAY); // not overridden by the cluster builder: set apart
        redis.setOptions(options.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).build()).build());
        return redis;
    }

    /** Opens the connections if they are not open yet; on failure the health check tries again. */
    private synchronized void connect() {
        if (commands != null || closed.get()) {
            return;
        }
        try {
            StatefulRedisPubSubConnection<String, String> subscriber;
            if (client instanceof RedisClusterClient redis) {
                var c = redis.connect();
                connection = c;
                warmMasters(c).get(settings.commandTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
                commands = c.async();
                subscriber = redis.connectPubSub();
            } else {
                var c = ((RedisClient) client).connect();
                connection = c;
                commands = c.async();
                subscriber = ((RedisClient) client).connectPubSub();
            }
            pubsub = subscriber;
            onPubSub.accept(subscriber);
            up.set(true);
            lastFailure = null;
            LOG.info("Connected to Redis ({})", mode());
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            String failure = describe(e);
            if (!failure.equals(lastFailure)) { // once per reason, not each second
                LOG.warn("Cannot connect to Redis yet ({}): {}; retrying each second", mode(), failure);
                lastFailure = failure;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return {@code standalone}, {@code sentinel} or {@code cluster}, with {@code , TLS} for {@code rediss} */
    private String mode() {
        if (!settings.clusterNodes().isEmpty()) {
            return "cluster";
        }
        String scheme = settings.redisUri().getScheme();
        return (scheme.contains("sentinel") ? "sentinel" : "standalone")
                + (scheme.startsWith("rediss") ? ", TLS" : "");
    }

    /**
     * @return the classes of the failure and of its causes, with Redis's error code (WRONGPASS, NOAUTH) for its
     *         reply; no message text, which may echo a command's arguments (a password) or the URI
     */
    static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder(failure.getClass().getSimpleName());
        String joint = " caused by ";
        for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            out.append(joint).append(t.getClass().getSimpleName());
            if (t instanceof RedisCommandExecutionException && t.getMessage() != null) {
                out.append(' ').append(t.getMessage().split(" ", 2)[0]);
            }
            joint = ", ";
        }
        return out.toString();
    }

    /**
     * Opens the connection to every Cluster master now: Lettuce opens them on first use, and while one is opening
     * {@code REJECT_COMMANDS} refuses the command routed to it. Repeated by the health check, for new masters.
     */
    private static CompletableFuture<Void> warmMasters(StatefulRedisClusterConnection<String, String> c) {
        List<CompletableFuture<?>> opening = new ArrayList<>();
        for (RedisClusterNode node : c.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && node.getUri() != null) {
                opening.add(c.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort()));
            }
        }
        return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new));
    }

    private void check() {
        if (commands == null) {
            connect();
            return;
        }
        if (connection instanceof StatefulRedisClusterConnection<String, String> c) {
            warmMasters(c); // a master added or failed over since: connect before a command needs it
        }
        boolean was = up.get();
        commands.ping().toCompletableFuture().orTimeout(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((pong, error) -> {
                    boolean now = error == null && pubsub != null && pubsub.isOpen();
                    up.set(now);
                    if (now && breaker.getState() != CircuitBreaker.State.CLOSED) {
                        // The health check is the probe: Redis answers, so commands go through again at once,
                        // and readiness UP never meets a breaker still refusing.
                        breaker.transitionToClosedState();
                    }
                    if (now != was) {
                        LOG.warn(now ? "Redis is reachable again" : "Redis is unreachable");
                    }
                });
    }

    /** @return whether Redis answered the last health check */
    boolean up() {
        return up.get();
    }

    /** @return the pub/sub connection, or null before it first opened */
    StatefulRedisPubSubConnection<String, String> pubsub() {
        return pubsub;
    }

    /** @return the meter registry the engine's metrics go to */
    MeterRegistry meters() {
        return meters;
    }

    /** @return the settings of the engine */
    EngineSettings settings() {
        return settings;
    }

    /**
     * Runs a command through the circuit breaker, timed as {@code switchboard_redis_commands_seconds{command}}.
     * Never blocks; the stage fails with {@link EngineUnavailableException} when Redis is away or refused it.
     */
    <T> CompletionStage<T> call(String name,
            Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> command) {
        RedisClusterAsyncCommands<String, String> c = commands;
        if (c == null || closed.get()) {
            errors.increment();
            return CompletableFuture.failedFuture(new EngineUnavailableException("Redis is not connected"));
        }
        if (!breaker.tryAcquirePermission()) {
            errors.increment();
            return CompletableFuture.failedFuture(new EngineUnavailableException("Redis is failing (circuit open)"));
        }
        long start = System.nanoTime();
        CompletionStage<T> stage;
        try {
            stage = command.apply(c);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            long nanos = System.nanoTime() - start;
            timers.computeIfAbsent(name, n -> Timer.builder("switchboard.redis.commands")
                    .description("Redis commands the engine ran").tag("command", n).register(meters))
                    .record(nanos, TimeUnit.NANOSECONDS);
            if (error == null) {
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                result.complete(value);
            } else if (answeredByRedis(error)) {
                // Redis is there and answered (NOSCRIPT after its restart, say): not a reason to stop calling it.
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                errors.increment();
                result.completeExceptionally(new EngineUnavailableException("Redis refused: "
                        + error.getClass().getSimpleName(), error));
            } else {
                breaker.onError(nanos, TimeUnit.NANOSECONDS, error);
                errors.increment();
                result.completeExceptionally(new EngineUnavailableException("Redis failed: "
                        + error.getClass().getSimpleName(), error));
            }
        });
        return result;
    }

    /** @return whether the failure is Redis's own error reply (the command reached a working Redis) */
    private static boolean answeredByRedis(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RedisCommandExecutionException) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code task} each {@code period} on the health thread until close; a failing run is logged. */
    void every(Duration period, Runnable task) {
        health.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Redis engine task failed", e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes the connections, the client and its threads, each with a bounded wait. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean stopped = Shutdowns.stop(health, Duration.ofSeconds(2), "switchboard-redis-health");
        closeQuietly(pubsub);
        closeQuietly(connection);
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            stopped &= resources.shutdown(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Redis client did not shut down cleanly: {}", e.toString());
            return;
        } finally {
            timer.stop();
        }
        if (stopped) {
            LOG.info("Redis engine closed: connections closed, its threads ended");
        } else {
            LOG.warn("Redis engine closed, but some of its threads had not ended within the wait");
        }
    }

    private static void closeQuietly(StatefulConnection<?, ?> c) {
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing a Redis connection failed", e);
            }
        }
    }
}
