package dev.switchboard.protocol;

/**
 * The frames the hub sends on its own rather than as a reply: channel messages, direct messages and presence
 * events. Immutable; written by {@link JsonCodec}. A {@code message} frame is encoded once per publish, not per
 * subscriber.
 */
public sealed interface Push extends ServerFrame {

    /** {@code message}: {@code data} is serialized JSON, embedded as it is; {@code timeMillis} is epoch ms UTC. */
    record Message(String channel, long offset, String epoch, String data, String from, long timeMillis)
            implements Push {
    }

    /** {@code direct}: a message for one user's connections, on no channel; {@code data} is serialized JSON. */
    record Direct(String data, String from, long timeMillis) implements Push {
    }

    /** {@code join}: a user's first connection subscribed to the channel. */
    record Join(String channel, String user) implements Push {
    }

    /** {@code leave}: a user's last connection left the channel (unsubscribe, close or drop). */
    record Leave(String channel, String user) implements Push {
    }
}
