package dev.switchboard.client;

/**
 * Receives one channel's messages, exactly once and in offset order, and is told of every gap before anything newer
 * arrives. Called on the client's delivery thread (or the builder's executor, one call at a time); must not block.
 */
@FunctionalInterface
public interface ChannelListener {

    /** @param message the next message of the channel */
    void onMessage(Message message);

    /** @param gap messages that will never be delivered (history lost or dropped); default: nothing */
    default void onGap(Gap gap) {
    }

    /**
     * With the hub's {@code presence.events}: a user's first connection joined the channel or its last one left.
     *
     * @param event {@code join} or {@code leave}
     * @param user the user
     */
    default void onPresence(String event, String user) {
    }

    /** @param error the hub refused the subscription (e.g. {@code forbidden}); it is dropped. Default: nothing */
    default void onRefused(HubErrorException error) {
    }
}
