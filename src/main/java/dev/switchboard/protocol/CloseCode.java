package dev.switchboard.protocol;

/**
 * A WebSocket close code the hub sends, with its meaning and whether a client should reconnect after it.
 *
 * @param code      the numeric close code
 * @param reason    the close reason sent to the peer (at most 123 UTF-8 bytes, never internal exception text)
 * @param reconnect whether a well-behaved client reconnects (with backoff) after receiving it
 */
public record CloseCode(int code, String reason, boolean reconnect) {

    /** The largest close reason the WebSocket protocol allows, in UTF-8 bytes. */
    public static final int MAX_REASON_BYTES = 123;

    public CloseCode {
        if (reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason longer than 123 bytes: " + reason);
        }
    }
}
