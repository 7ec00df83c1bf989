package dev.switchboard.channel;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per channel, striped so memory stays bounded: it orders a channel's publishes, deliveries, subscriptions
 * and replay batches. Reentrant; guards state only (callers enqueue under it, never block on a peer). Thread-safe.
 */
final class ChannelLocks {

    /** Lock stripes; a power of two. */
    static final int STRIPES = 256;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    ChannelLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** @return the lock of {@code channel} (shared with the channels of the same stripe) */
    ReentrantLock of(String channel) {
        return locks[channel.hashCode() & (STRIPES - 1)];
    }
}
