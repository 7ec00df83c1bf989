package dev.switchboard.cluster;

import java.time.Clock;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;

import dev.switchboard.admission.MemoryRevocationStore;
import dev.switchboard.admission.RevocationStore;
import dev.switchboard.channel.Broker;
import dev.switchboard.channel.ChannelProducers;
import dev.switchboard.channel.HistoryStore;
import dev.switchboard.channel.MemoryBroker;
import dev.switchboard.config.HubConfig;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.support.MonotonicClock;

/**
 * The engine, chosen by {@code engine}: memory (history, broker and revocations in this node) or Redis (shared by
 * every node; Lettuce's client and threads owned here and shut down at {@link PreDestroy}). Thread-safe.
 */
@ApplicationScoped
public class EngineProducers {

    private static final Logger LOG = LoggerFactory.getLogger(EngineProducers.class);

    private final HubConfig config;
    private final HistoryStore history;
    private final Broker broker;
    private final RevocationStore revocations;
    private final RedisConnections redis;

    @Inject
    public EngineProducers(HubConfig config, JsonCodec codec, MonotonicClock clock, MeterRegistry meters,
            ConnectionRegistry registry) {
        this.config = config;
        if (!config.engine().redis()) {
            this.redis = null;
            this.history = ChannelProducers.historyStore(config, codec, clock, meters);
            this.broker = new MemoryBroker();
            this.revocations = new MemoryRevocationStore();
            return;
        }
        this.redis = new RedisConnections(config.engine(), meters);
        RedisHistoryStore store = new RedisHistoryStore(redis, codec,
                channel -> ChannelProducers.limits(config, channel), Clock.systemUTC()::millis);
        RedisBroker redisBroker = new RedisBroker(redis, store);
        // Direct messages from other nodes go straight to this node's connections of the user.
        redisBroker.onDirect((user, text) -> registry.sendToUser(user, OutboundFrame.of(text)));
        redis.start(redisBroker::attach);
        this.history = store;
        this.broker = redisBroker;
        this.revocations = new RedisRevocationStore(redis);
        LOG.info("Engine: redis");
    }

    /** For CDI proxies only. */
    protected EngineProducers() {
        this.config = null;
        this.history = null;
        this.broker = null;
        this.revocations = null;
        this.redis = null;
    }

    @Produces
    @Singleton
    public HistoryStore historyStore() {
        return history;
    }

    @Produces
    @Singleton
    public Broker broker() {
        return broker;
    }

    @Produces
    @Singleton
    public RevocationStore revocationStore() {
        return revocations;
    }

    /**
     * Stops the broker's delivery thread, then Redis's connections and threads; closes the memory history. Each
     * step runs even if one before it failed, so that a failing step never leaves Lettuce's threads behind.
     */
    @PreDestroy
    void close() {
        closeStep("broker", broker::close);
        closeStep("history", history::close);
        if (redis != null) {
            closeStep("redis", redis::close);
        }
    }

    private static void closeStep(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Closing the engine's {} failed: {}", what, e.toString());
        }
    }
}
