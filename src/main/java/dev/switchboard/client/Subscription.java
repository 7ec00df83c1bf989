package dev.switchboard.client;

/** A channel subscribed through {@link SwitchboardClient#subscribe}; {@link #unsubscribe()} ends it. */
public final class Subscription {

    private final String channel;
    private final Runnable unsubscribe;

    Subscription(String channel, Runnable unsubscribe) {
        this.channel = channel;
        this.unsubscribe = unsubscribe;
    }

    /** @return the channel */
    public String channel() {
        return channel;
    }

    /** Stops delivery and forgets the channel (no resubscribe after reconnects). Idempotent, never blocks. */
    public void unsubscribe() {
        unsubscribe.run();
    }
}
