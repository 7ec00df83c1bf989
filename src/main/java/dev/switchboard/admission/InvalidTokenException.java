package dev.switchboard.admission;

/**
 * A token was refused. The message is one of a fixed set ({@link Reason}): never the token, never text taken from
 * it, so it is safe in any log line.
 */
public final class InvalidTokenException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a token was refused. */
    public enum Reason {
        MISSING("no token"),
        MALFORMED("malformed token"),
        UNSIGNED("unsigned or unsupported token type"),
        SIGNATURE("bad signature, or no key for its algorithm"),
        EXPIRED("expired"),
        NOT_YET_VALID("not yet valid"),
        CLAIMS("claims rejected (iss, aud or sub)"),
        KEY_SOURCE("key source unavailable"),
        REVOKED("user or token revoked");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** @return a short, fixed description */
        public String text() {
            return text;
        }
    }

    private final Reason reason;

    public InvalidTokenException(Reason reason) {
        super(reason.text(), null, false, false);
        this.reason = reason;
    }

    /** @return why the token was refused */
    public Reason reason() {
        return reason;
    }
}
