package dev.switchboard.channel;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.switchboard.config.HistorySettings;
import dev.switchboard.config.HubConfig;
import dev.switchboard.config.NamespaceRules;
import dev.switchboard.protocol.ChannelNames;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.support.MonotonicClock;

/** Produces the in-memory engine: history store and broker. The cluster engine replaces these. */
@ApplicationScoped
public class ChannelProducers {

    @Produces
    @Singleton
    public HistoryStore historyStore(HubConfig config, JsonCodec codec, MonotonicClock clock, MeterRegistry meters) {
        HistoryStore store = new MemoryHistoryStore(codec, channel -> limitsOf(config, channel), clock,
                Clock.systemUTC()::millis);
        Gauge.builder("switchboard.history.messages", store, HistoryStore::heldMessages)
                .description("Messages held in channel histories").register(meters);
        return store;
    }

    /** @return the channel's namespace's {@code history.size} and {@code history.ttl.seconds}, or the global ones */
    static HistorySettings limitsOf(HubConfig config, String channel) {
        NamespaceRules rules = config.namespaces().rules(ChannelNames.namespace(channel));
        return new HistorySettings(rules.historySize().orElse(config.history().size()),
                rules.historyTtl().orElse(config.history().ttl()));
    }

    void closeHistory(@Disposes HistoryStore store) {
        store.close();
    }

    @Produces
    @Singleton
    public Broker broker() {
        return new MemoryBroker();
    }

    void closeBroker(@Disposes Broker broker) {
        broker.close();
    }
}
