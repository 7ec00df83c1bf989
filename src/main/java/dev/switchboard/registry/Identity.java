package dev.switchboard.registry;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who a connection is, as authentication established it. Immutable; {@link #toString()} never shows the claims.
 *
 * @param user          the user ({@code sub} of a token); null for an anonymous connection
 * @param authenticated whether credentials were verified (false: anonymous)
 * @param claims        the verified token's claims (empty without a token), unmodifiable
 * @param expiresAt     when the credentials expire ({@code exp}, without clock skew), or null for never
 * @param jti           the token's {@code jti}, or null
 */
public record Identity(String user, boolean authenticated, Map<String, Object> claims, Instant expiresAt,
        String jti) {

    private static final Identity ANONYMOUS = new Identity(null, false, Map.of(), null, null);

    public Identity {
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    /** @return the identity of a connection nobody authenticated */
    public static Identity anonymous() {
        return ANONYMOUS;
    }

    /** @return an identity named by the runtime (an embedding application or a container), without expiry */
    public static Identity named(String user) {
        return user == null ? ANONYMOUS : new Identity(user, true, Map.of(), null, null);
    }

    @Override
    public String toString() {
        return "Identity[user=" + user + ", authenticated=" + authenticated + ", expiresAt=" + expiresAt + "]";
    }
}
