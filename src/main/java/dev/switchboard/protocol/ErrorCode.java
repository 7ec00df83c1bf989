package dev.switchboard.protocol;

/** Machine-readable codes of {@code error} frames. The connection stays open after every one of them. */
public enum ErrorCode {
    /** Not a JSON object with a string {@code type}, a missing or mistyped field, or a binary frame. */
    BAD_REQUEST("bad_request"),
    /** The {@code type} is not one the hub knows. */
    UNKNOWN_TYPE("unknown_type"),
    /** The channel name breaks the naming rule. */
    INVALID_CHANNEL("invalid_channel"),
    /** Unsubscribing from a channel the connection is not subscribed to. */
    NOT_SUBSCRIBED("not_subscribed"),
    /** The connection may not do this. */
    FORBIDDEN("forbidden"),
    /** Too many requests; slow down. */
    RATE_LIMITED("rate_limited"),
    /** The hub cannot serve the request right now (for example while shutting down). */
    UNAVAILABLE("unavailable"),
    /** The hub failed to handle the request; the details are in the hub's log, never in the frame. */
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** @return the code as it appears on the wire */
    public String wire() {
        return wire;
    }
}
