package dev.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request the hub cannot serve; becomes an {@code error} frame. The message is written for the client and never
 * contains internal exception text.
 */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient JsonNode requestId;

    public ProtocolException(ErrorCode code, String message, JsonNode requestId) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId;
    }

    public ErrorCode code() {
        return code;
    }

    /** @return the {@code id} of the request that failed, or null if it had none or could not be read */
    public JsonNode requestId() {
        return requestId;
    }
}
