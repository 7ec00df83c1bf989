package dev.switchboard.cluster;

/**
 * Names of everything the engine keeps in Redis. A channel's keys share the hash tag {@code {channel}}, so in a
 * Redis Cluster they live in one slot and one Lua script may touch them all. Channel names never contain braces.
 */
final class RedisKeys {

    /** The prefix of every key and pub/sub channel. */
    static final String PREFIX = "sb:";
    /** The pub/sub channel every node listens to for {@code direct} frames. */
    static final String DIRECT = PREFIX + "direct";
    /** The hash of revocations: field {@code <kind>:<value>}, value the expiry in epoch milliseconds. */
    static final String REVOCATIONS = PREFIX + "revocations";

    private static final String PUBSUB_HEAD = PREFIX + "{";
    private static final String PUBSUB_TAIL = "}:p";

    private RedisKeys() {
    }

    /** @return the hash holding the channel's offset ({@code o}) and epoch ({@code e}) */
    static String meta(String channel) {
        return PREFIX + "{" + channel + "}:m";
    }

    /** @return the stream holding the channel's history; entry id {@code <offset>-0} */
    static String stream(String channel) {
        return PREFIX + "{" + channel + "}:s";
    }

    /** @return the hash of the channel's presence: field {@code <node>\n<user>}, value its expiry in epoch ms */
    static String presence(String channel) {
        return PREFIX + "{" + channel + "}:u";
    }

    /** @return the pub/sub channel a channel's published messages travel on */
    static String pubsub(String channel) {
        return PUBSUB_HEAD + channel + PUBSUB_TAIL;
    }

    /** @return the channel name of a pub/sub channel from {@link #pubsub}, or null for anything else */
    static String channelOf(String pubsub) {
        if (pubsub.length() <= PUBSUB_HEAD.length() + PUBSUB_TAIL.length() || !pubsub.startsWith(PUBSUB_HEAD)
                || !pubsub.endsWith(PUBSUB_TAIL)) {
            return null;
        }
        return pubsub.substring(PUBSUB_HEAD.length(), pubsub.length() - PUBSUB_TAIL.length());
    }
}
