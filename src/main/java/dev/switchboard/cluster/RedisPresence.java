package dev.switchboard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence across nodes: per channel a hash of {@code <node>\n<user>} → expiry, written by each node for its own
 * subscribers and renewed every third of {@code presence.ttl.seconds}, so a dead node's entries expire by
 * themselves; join/leave events travel on the channel's pub/sub channel, marked by {@link #EVENT}. Thread-safe.
 */
final class RedisPresence {

    /** The first character of a presence event on a channel's pub/sub channel (a message starts with a digit). */
    static final String EVENT = "!";

    private final RedisConnections redis;
    private final String node;
    private final Duration ttl;
    /** Channel → the users subscribed to it on this node; changed under the channel's lock. */
    private final Map<String, Set<String>> localUsers = new ConcurrentHashMap<>();

    RedisPresence(RedisConnections redis, String node) {
        this.redis = redis;
        this.node = node;
        this.ttl = redis.settings().presenceTtl();
        redis.every(ttl.dividedBy(3), this::refresh);
    }

    /** A user's first subscription on this node joined the channel, or its last left; announced when asked. */
    void changed(String channel, String user, boolean joined, boolean announce) {
        String field = node + "\n" + user;
        if (joined) {
            localUsers.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(user);
            String expiry = Long.toString(System.currentTimeMillis() + ttl.toMillis());
            redis.call("presence", c -> c.hset(RedisKeys.presence(channel), field, expiry));
            redis.call("presence", c -> c.pexpire(RedisKeys.presence(channel), ttl.toMillis()));
        } else {
            Set<String> users = localUsers.get(channel);
            if (users != null) {
                users.remove(user);
                if (users.isEmpty()) {
                    localUsers.remove(channel, users);
                }
            }
            redis.call("presence", c -> c.hdel(RedisKeys.presence(channel), field));
        }
        if (announce) {
            redis.call("presence", c -> c.publish(RedisKeys.pubsub(channel),
                    EVENT + node + "\n" + (joined ? "j" : "l") + "\n" + user));
        }
    }

    /** @return the users on the channel on every node, each once, sorted; expired entries are removed on the way */
    CompletionStage<List<String>> users(String channel) {
        return redis.<Map<String, String>>call("presence", c -> c.hgetall(RedisKeys.presence(channel)))
                .thenApply(entries -> {
                    long now = System.currentTimeMillis();
                    TreeSet<String> users = new TreeSet<>();
                    List<String> expired = new ArrayList<>();
                    entries.forEach((field, expiry) -> {
                        if (Long.parseLong(expiry) > now) {
                            users.add(field.substring(field.indexOf('\n') + 1));
                        } else {
                            expired.add(field);
                        }
                    });
                    if (!expired.isEmpty()) {
                        redis.call("presence", c -> c.hdel(RedisKeys.presence(channel),
                                expired.toArray(String[]::new)));
                    }
                    return List.copyOf(users);
                });
    }

    /** An event as received: another node's join or leave. */
    record Event(String user, boolean joined) {
    }

    /** @return the event in {@code !<node>\n<j|l>\n<user>}, or null when malformed or this node's own */
    Event parse(String text) {
        int a = text.indexOf('\n');
        int b = a < 0 ? -1 : text.indexOf('\n', a + 1);
        if (b < 0 || text.substring(EVENT.length(), a).equals(node)) {
            return null;
        }
        return new Event(text.substring(b + 1), text.charAt(a + 1) == 'j');
    }

    /** Renews this node's entries (every third of {@code presence.ttl.seconds}). Health thread. */
    private void refresh() {
        if (!redis.up()) {
            return;
        }
        String expiry = Long.toString(System.currentTimeMillis() + ttl.toMillis());
        localUsers.forEach((channel, users) -> {
            Map<String, String> fields = new HashMap<>();
            for (String user : users) {
                fields.put(node + "\n" + user, expiry);
            }
            if (!fields.isEmpty()) {
                redis.call("presence", c -> c.hset(RedisKeys.presence(channel), fields));
                redis.call("presence", c -> c.pexpire(RedisKeys.presence(channel), ttl.toMillis()));
            }
        });
    }
}
