package dev.switchboard.admission;

import java.time.Instant;
import java.util.List;

/**
 * Where revocations live until they expire: an SPI, in memory here ({@link MemoryRevocationStore}), shared by every
 * node in a cluster later. Implementations are thread-safe and never block long; expired entries are never answered.
 */
public interface RevocationStore {

    /** Adds or replaces the entry for its kind and value. */
    void revoke(Revocation revocation);

    /** @return whether an entry for {@code value} (a sub or a jti) was live and is now gone */
    boolean lift(String value);

    /** @return the live entries at {@code now}, in no particular order */
    List<Revocation> live(Instant now);

    /**
     * Asks to be told when entries made elsewhere (another node) arrive, so their sessions close without waiting for
     * the next tick. {@code arrived} must not block. The default never calls it (nothing arrives from elsewhere).
     */
    default void onArrival(Runnable arrived) {
    }

    /** @return whether a live entry names the user {@code sub} or the token {@code jti} (either may be null) */
    boolean isRevoked(String sub, String jti, Instant now);
}
