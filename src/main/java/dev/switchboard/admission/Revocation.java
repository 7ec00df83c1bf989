package dev.switchboard.admission;

import java.time.Instant;
import java.util.Objects;

/**
 * One revoked subject or token: every session of the user ({@link Kind#SUB}), or of the token ({@link Kind#JTI}), is
 * closed with 4501 and refused at later handshakes until {@code expiresAt}. Immutable.
 *
 * @param kind      what {@code value} names
 * @param value     the user (the token's {@code sub}) or the token id ({@code jti})
 * @param expiresAt when the entry ends by itself
 */
public record Revocation(Kind kind, String value, Instant expiresAt) {

    /** What a revocation names. */
    public enum Kind {
        /** A user: the token's {@code sub}, the connection's user. */
        SUB,
        /** One token: its {@code jti}. */
        JTI
    }

    public Revocation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a revocation names a sub or a jti");
        }
    }
}
