package dev.switchboard.protocol;

/**
 * A request the hub cannot serve; becomes an {@code error} frame. The message is written for the client and never
 * contains internal exception text.
 */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final RequestId requestId;

    /** @param requestId the failed request's id; null or {@link RequestId#NONE} when it had none or was unreadable */
    public ProtocolException(ErrorCode code, String message, RequestId requestId) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId == null ? RequestId.NONE : requestId;
    }

    public ErrorCode code() {
        return code;
    }

    /** @return the {@code id} of the request that failed, {@link RequestId#NONE} if it had none or was unreadable */
    public RequestId requestId() {
        return requestId;
    }
}
