package dev.switchboard.admission;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Revocations in this node's memory, by kind and value; an expired entry is dropped when it is next looked at or
 * listed. Thread-safe; never blocks.
 */
public final class MemoryRevocationStore implements RevocationStore {

    private final Map<String, Revocation> entries = new ConcurrentHashMap<>();

    @Override
    public void revoke(Revocation revocation) {
        entries.put(key(revocation.kind(), revocation.value()), revocation);
    }

    @Override
    public boolean lift(String value) {
        boolean sub = entries.remove(key(Revocation.Kind.SUB, value)) != null;
        boolean jti = entries.remove(key(Revocation.Kind.JTI, value)) != null;
        return sub || jti;
    }

    @Override
    public List<Revocation> live(Instant now) {
        entries.values().removeIf(r -> !r.expiresAt().isAfter(now));
        return List.copyOf(entries.values());
    }

    @Override
    public boolean isRevoked(String sub, String jti, Instant now) {
        return live(Revocation.Kind.SUB, sub, now) || live(Revocation.Kind.JTI, jti, now);
    }

    /**
     * Makes this store hold exactly {@code revocations}: a shared store's latest copy of its entries.
     *
     * @return whether one of them was not held here before (made elsewhere: its sessions must close here now)
     */
    public boolean replaceWith(Collection<Revocation> revocations) {
        Map<String, Revocation> fresh = new HashMap<>();
        for (Revocation r : revocations) {
            fresh.put(key(r.kind(), r.value()), r);
        }
        boolean news = !entries.keySet().containsAll(fresh.keySet());
        entries.keySet().retainAll(fresh.keySet());
        entries.putAll(fresh);
        return news;
    }

    private boolean live(Revocation.Kind kind, String value, Instant now) {
        if (value == null) {
            return false;
        }
        String key = key(kind, value);
        Revocation r = entries.get(key);
        if (r != null && !r.expiresAt().isAfter(now)) {
            entries.remove(key, r);
            return false;
        }
        return r != null;
    }

    private static String key(Revocation.Kind kind, String value) {
        return kind.name() + ":" + value;
    }
}
