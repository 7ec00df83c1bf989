package dev.switchboard.admission;

import dev.switchboard.registry.Identity;

/**
 * {@link Admission}'s answer to a handshake. Immutable.
 *
 * @param status            0 to accept, or the HTTP status to refuse with (401, 403, 429, 503)
 * @param reason            a short reason for the log and the status line (never a credential)
 * @param metric            the {@code reason} label of {@code switchboard_handshakes_refused_total}
 * @param retryAfterSeconds the {@code Retry-After} value, or 0 for none
 * @param user              the authenticated user when accepted (null: anonymous)
 * @param identity          who was admitted, with claims and expiry (null: as {@link Identity#named} of user)
 */
public record AdmissionDecision(int status, String reason, String metric, int retryAfterSeconds, String user,
        Identity identity) {

    /** The reason of a 401 for a handshake without a token. */
    public static final String TOKEN_REQUIRED = "Bearer token required";
    /** The reason of a 401 for a token that failed verification. */
    public static final String INVALID_TOKEN = "Invalid token";

    /** A decision without verified credentials beyond the user name. */
    public AdmissionDecision(int status, String reason, String metric, int retryAfterSeconds, String user) {
        this(status, reason, metric, retryAfterSeconds, user, null);
    }

    /** @return an acceptance for this user (null: anonymous) */
    public static AdmissionDecision accept(String user) {
        return new AdmissionDecision(0, "accepted", null, 0, user);
    }

    /** @return an acceptance for this identity */
    public static AdmissionDecision admit(Identity identity) {
        return new AdmissionDecision(0, "accepted", null, 0, identity.user(), identity);
    }

    /** @return a 401 refusal (counted as {@code reason="auth"}); {@code tokenPresented} picks the challenge */
    public static AdmissionDecision unauthorized(boolean tokenPresented) {
        return new AdmissionDecision(401, tokenPresented ? INVALID_TOKEN : TOKEN_REQUIRED, "auth", 0, null);
    }

    /** @return whether the handshake may proceed */
    public boolean accepted() {
        return status == 0;
    }

    /** @return the identity to carry to the connection, never null when accepted */
    public Identity effectiveIdentity() {
        return identity != null ? identity : Identity.named(user);
    }

    /**
     * @return the {@code WWW-Authenticate} value of a 401 (RFC 6750 §3: {@code error="invalid_token"} only when a
     *         token was presented), or null for any other decision
     */
    public String wwwAuthenticate() {
        if (status != 401) {
            return null;
        }
        return INVALID_TOKEN.equals(reason) ? "Bearer realm=\"switchboard\", error=\"invalid_token\""
                : "Bearer realm=\"switchboard\"";
    }
}
