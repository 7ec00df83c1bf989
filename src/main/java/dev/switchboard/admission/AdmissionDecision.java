package dev.switchboard.admission;

/**
 * {@link Admission}'s answer to a handshake. Immutable.
 *
 * @param status            0 to accept, or the HTTP status to refuse with (403, 429, 503)
 * @param reason            a short reason for the log and the status line
 * @param metric            the {@code reason} label of {@code switchboard_handshakes_refused_total}
 * @param retryAfterSeconds the {@code Retry-After} value, or 0 for none
 * @param user              the authenticated user when accepted (null: anonymous)
 */
public record AdmissionDecision(int status, String reason, String metric, int retryAfterSeconds, String user) {

    /** @return an acceptance for this user (null: anonymous) */
    public static AdmissionDecision accept(String user) {
        return new AdmissionDecision(0, "accepted", null, 0, user);
    }

    /** @return whether the handshake may proceed */
    public boolean accepted() {
        return status == 0;
    }
}
