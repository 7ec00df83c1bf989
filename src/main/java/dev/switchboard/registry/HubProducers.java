package dev.switchboard.registry;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.switchboard.config.HubConfig;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.support.MonotonicClock;

/** Produces the collaborators the hub shares: the JSON codec, the clocks and the send pool. */
@ApplicationScoped
public class HubProducers {

    @Produces
    @Singleton
    public JsonCodec codec() {
        return new JsonCodec();
    }

    @Produces
    @Singleton
    public MonotonicClock clock() {
        return MonotonicClock.SYSTEM;
    }

    /** The wall clock: token expiry is judged by it. */
    @Produces
    @Singleton
    public Clock wallClock() {
        return Clock.systemUTC();
    }

    /** The send pool; {@link ConnectionRegistry} stops it (after closing every connection), so no disposer here. */
    @Produces
    @Singleton
    public SendPool sendPool(HubConfig config) {
        return SendPool.forRuntime(config.server().sendThreads());
    }
}
