package dev.switchboard.endpoint;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.switchboard.support.MonotonicClock;

/**
 * Carries what the container's upgrade filter learned about an accepted upgrade (user, address, trace id) to
 * {@link CdiConfigurator#modifyHandshake}, keyed by {@code Sec-WebSocket-Key}, while the request is in the filter.
 * Thread-safe; never blocks. See docs/design-notes.md, "Handshake admission in an application server".
 */
@ApplicationScoped
public class AdmittedHandshakes {

    /** How long an accepted upgrade may take to reach {@code modifyHandshake}. */
    static final Duration TTL = Duration.ofSeconds(30);
    /** Expired entries are swept when a put finds at least this many waiting. */
    static final int SWEEP_THRESHOLD = 1024;

    private final MonotonicClock clock;
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

    @Inject
    public AdmittedHandshakes(MonotonicClock clock) {
        this.clock = clock;
    }

    /** For CDI proxies only. */
    protected AdmittedHandshakes() {
        this.clock = null;
    }

    public void put(String key, HandshakeInfo info) {
        long now = clock.nanoTime();
        if (pending.size() >= SWEEP_THRESHOLD) {
            pending.values().removeIf(p -> now - p.sinceNanos() > TTL.toNanos());
        }
        pending.put(key, new Pending(info, now));
    }

    /** Forgets {@code info} under {@code key} if nobody took it; another request's entry under the key is kept. */
    public void end(String key, HandshakeInfo info) {
        pending.computeIfPresent(key, (k, p) -> p.info() == info ? null : p);
    }

    /** @return what the filter recorded for this handshake, at most once; empty if it did not run */
    Optional<HandshakeInfo> take(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Pending p = pending.remove(key);
        return p == null || clock.nanoTime() - p.sinceNanos() > TTL.toNanos() ? Optional.empty()
                : Optional.of(p.info());
    }

    private record Pending(HandshakeInfo info, long sinceNanos) {
    }
}
