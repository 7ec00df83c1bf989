package dev.switchboard.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.admission.MemoryRevocationStore;
import dev.switchboard.admission.Revocation;
import dev.switchboard.admission.RevocationStore;

/**
 * Revocations in Redis, shared by every node: one hash, field {@code <KIND>:<value>}, value the expiry in epoch
 * milliseconds; expired fields are removed by whichever node sees them. Each node answers from its own copy,
 * refreshed every {@link #REFRESH} (so handshakes never wait for Redis) and changed at once by its own revocations;
 * an entry made on another node is enforced here within about a second. Thread-safe; never blocks.
 */
final class RedisRevocationStore implements RevocationStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRevocationStore.class);
    /** How often the copy is read from Redis. */
    static final Duration REFRESH = Duration.ofMillis(250);

    private final RedisConnections redis;
    /** This node's copy, answering every check. */
    private final MemoryRevocationStore copy = new MemoryRevocationStore();
    private volatile Runnable arrived = () -> { };

    RedisRevocationStore(RedisConnections redis) {
        this.redis = redis;
        redis.every(REFRESH, this::refresh);
    }

    @Override
    public void revoke(Revocation revocation) {
        String field = field(revocation.kind(), revocation.value());
        copy.revoke(revocation);
        redis.call("revoke", c -> c.hset(RedisKeys.REVOCATIONS, field,
                Long.toString(revocation.expiresAt().toEpochMilli())))
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.warn("A revocation was not stored in Redis; it holds on this node only until restart");
                    }
                });
    }

    @Override
    public void onArrival(Runnable target) {
        this.arrived = target;
    }

    @Override
    public boolean lift(String value) {
        boolean lifted = copy.lift(value);
        redis.call("lift", c -> c.hdel(RedisKeys.REVOCATIONS, field(Revocation.Kind.SUB, value),
                field(Revocation.Kind.JTI, value)));
        return lifted;
    }

    @Override
    public List<Revocation> live(Instant now) {
        return copy.live(now);
    }

    @Override
    public boolean isRevoked(String sub, String jti, Instant now) {
        return copy.isRevoked(sub, jti, now);
    }

    /** Replaces the copy with Redis's entries and removes expired ones there. Health thread; never waits. */
    private void refresh() {
        if (!redis.up()) {
            return; // keep the last copy while Redis is away
        }
        redis.<Map<String, String>>call("revocations", c -> c.hgetall(RedisKeys.REVOCATIONS))
                .thenAccept(this::replace);
    }

    private void replace(Map<String, String> entries) {
        long now = System.currentTimeMillis();
        List<String> expired = new ArrayList<>();
        List<Revocation> fresh = new ArrayList<>();
        entries.forEach((field, expiry) -> {
            Revocation r = parse(field, expiry);
            if (r == null || r.expiresAt().toEpochMilli() <= now) {
                expired.add(field);
            } else {
                fresh.add(r);
            }
        });
        if (copy.replaceWith(fresh)) {
            arrived.run(); // made on another node: close its sessions here now, not at the next tick
        }
        if (!expired.isEmpty()) {
            redis.call("revocations", c -> c.hdel(RedisKeys.REVOCATIONS, expired.toArray(String[]::new)));
        }
    }

    private static Revocation parse(String field, String expiry) {
        int colon = field.indexOf(':');
        try {
            return new Revocation(Revocation.Kind.valueOf(field.substring(0, colon)), field.substring(colon + 1),
                    Instant.ofEpochMilli(Long.parseLong(expiry)));
        } catch (RuntimeException e) {
            return null; // not ours: dropped
        }
    }

    private static String field(Revocation.Kind kind, String value) {
        return kind.name() + ":" + value;
    }
}
