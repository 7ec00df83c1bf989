package dev.switchboard.client;

/** The hub answered a request with an {@code error} frame (docs/protocol.md, "Errors"). */
public final class HubErrorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final long retryAfterMs;

    HubErrorException(String code, String message, long retryAfterMs) {
        super(code + ": " + message);
        this.code = code;
        this.retryAfterMs = retryAfterMs;
    }

    /** @return the hub's error code: {@code forbidden}, {@code rate_limited}, {@code invalid_channel}, … */
    public String code() {
        return code;
    }

    /** @return for {@code rate_limited}: milliseconds until a request would be accepted, else 0 */
    public long retryAfterMs() {
        return retryAfterMs;
    }
}
