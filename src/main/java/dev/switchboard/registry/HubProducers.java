package dev.switchboard.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.support.MonotonicClock;

/** Produces the stateless collaborators the hub shares: the JSON codec and the clock. */
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
}
