package dev.switchboard.channel;

import java.time.Clock;


import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.switchboard.config.HistorySettings;
import dev.switchboard.config.HubConfig;
import dev.switchboard.config.NamespaceRules;
import dev.switchboard.protocol.ChannelNames;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.support.MonotonicClock;

/**
 * Makes the in-memory engine's history store and broker; the composition ({@code cluster.EngineProducers}) picks
 * them or the Redis ones by {@code engine}.
 */
public final class ChannelProducers {

    private ChannelProducers() {
    }

    /** @return the memory history store, its size published as {@code switchboard_history_messages} */
    public static HistoryStore historyStore(HubConfig config, JsonCodec codec, MonotonicClock clock,
            MeterRegistry meters) {
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

    /** @return the channel's history limits */
    public static HistorySettings limits(HubConfig config, String channel) {
        return limitsOf(config, channel);
    }
}
