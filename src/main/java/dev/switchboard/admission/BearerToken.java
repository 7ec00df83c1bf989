package dev.switchboard.admission;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a handshake carries its token: {@code Authorization: Bearer <token>} (RFC 6750 §2.1), else the
 * {@code access_token} query parameter (§2.3, for browsers, which cannot set headers on a WebSocket). Stateless.
 */
public final class BearerToken {

    /** The query parameter a browser puts its token in. */
    public static final String QUERY_PARAMETER = "access_token";
    private static final String SCHEME = "bearer ";

    private BearerToken() {
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @param accessToken   the {@code access_token} query parameter (decoded), or null
     * @return the token, the header's first; empty when neither carries a non-blank one
     */
    public static Optional<String> from(String authorization, String accessToken) {
        if (authorization != null && authorization.length() > SCHEME.length()
                && authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            String token = authorization.substring(SCHEME.length()).trim();
            if (!token.isEmpty()) {
                return Optional.of(token);
            }
        }
        return Optional.ofNullable(accessToken).map(String::trim).filter(t -> !t.isEmpty());
    }
}
