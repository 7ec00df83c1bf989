package dev.switchboard.standalone;

import java.time.Clock;
import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.switchboard.channel.HistoryRead;
import dev.switchboard.channel.HistoryStore;
import dev.switchboard.channel.MemoryHistoryStore;
import dev.switchboard.channel.StreamPosition;
import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.support.MonotonicClock;

/**
 * Fault injection: the real in-memory store, except that publishing to a channel named {@code boom} throws, as a
 * bug in the hub's own code would.
 */
@Alternative
@Priority(100)
@ApplicationScoped
public class FailingHistoryStore implements HistoryStore {

    private final MemoryHistoryStore store = new MemoryHistoryStore(new JsonCodec(), 100, Duration.ofMinutes(5),
            MonotonicClock.SYSTEM, Clock.systemUTC()::millis);

    @Override
    public ChannelMessage append(String channel, String data, String from) {
        if (channel.equals("boom")) {
            throw new IllegalStateException("injected failure with internal details");
        }
        return store.append(channel, data, from);
    }

    @Override
    public HistoryRead read(String channel, long since, int limit) {
        return store.read(channel, since, limit);
    }

    @Override
    public StreamPosition position(String channel) {
        return store.position(channel);
    }

    @Override
    public long heldMessages() {
        return store.heldMessages();
    }

    @Override
    public void close() {
        store.close();
    }
}
