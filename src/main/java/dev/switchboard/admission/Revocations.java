package dev.switchboard.admission;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.switchboard.heartbeat.Tick;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;

/**
 * Revokes users and tokens: records the entry in the {@link RevocationStore}, closes every matching session with 4501
 * at once, and again at every heartbeat tick (so a session matching an entry made on another node goes within a
 * second). Thread-safe; never blocks. See docs/security.md, "Revocation".
 */
@ApplicationScoped
public class Revocations {

    private final RevocationStore store;
    private final ConnectionRegistry registry;
    private final Clock clock;

    @Inject
    public Revocations(RevocationStore store, ConnectionRegistry registry) {
        this(store, registry, Clock.systemUTC());
    }

    /** @param clock the wall clock that dates the entries (tests pass a fixed one) */
    Revocations(RevocationStore store, ConnectionRegistry registry, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.clock = clock;
        store.onArrival(this::closeRevoked);
    }

    /** For CDI proxies only. */
    protected Revocations() {
        this.store = null;
        this.registry = null;
        this.clock = null;
    }

    /** Revokes {@code value} (a user or a token id) for {@code duration}; @return the entry */
    public Revocation revoke(Revocation.Kind kind, String value, Duration duration) {
        Revocation revocation = new Revocation(kind, value, clock.instant().plus(duration));
        store.revoke(revocation);
        closeRevoked();
        return revocation;
    }

    /** @return whether a live entry was lifted */
    public boolean lift(String value) {
        return store.lift(value);
    }

    /** @return the live entries */
    public List<Revocation> live() {
        return store.live(clock.instant());
    }

    /** @return whether a handshake for this user or token must be refused */
    public boolean isRevoked(String sub, String jti) {
        return store.isRevoked(sub, jti, clock.instant());
    }

    void onTick(@Observes Tick tick) {
        closeRevoked();
    }

    private void closeRevoked() {
        if (store.live(clock.instant()).isEmpty()) {
            return;
        }
        for (Connection c : registry.live()) {
            if (!c.isAnonymous() && !c.isClosed() && isRevoked(c.user(), c.identity().jti())) {
                registry.closeLater(c, CloseCodes.UNAUTHORIZED);
            }
        }
    }
}
