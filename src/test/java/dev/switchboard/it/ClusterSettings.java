package dev.switchboard.it;

/** Hub settings the cluster scenarios share, over {@code HubProcess.testDefaults()}. */
final class ClusterSettings {

    private ClusterSettings() {
    }

    /**
     * History that holds a whole scenario's stream (5,000 messages), so a reconnecting subscriber always recovers;
     * outboxes that hold a burst of it, so a subscriber that lags behind the stream on a busy machine is not cut;
     * presence entries that die 5 s after their node.
     */
    static String[] test() {
        return new String[] {"history.size", "10000", "history.ttl.seconds", "600", "outbox.max.messages", "10000",
            "outbox.max.bytes", "16777216", "presence.ttl.seconds", "5"};
    }
}
