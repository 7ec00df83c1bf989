package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;

import dev.switchboard.wire.FrameSizeGate;

/**
 * A WebSocket close code of the hub's catalogue, with its meaning and whether a client should reconnect after it.
 *
 * @param code      the numeric close code
 * @param reason    the close reason sent to the peer (at most 123 UTF-8 bytes, never internal exception text)
 * @param reconnect whether a well-behaved client reconnects (with backoff) after receiving it
 * @param reserved  true when nothing in the hub sends this code (yet): catalogued so clients can handle it and the
 *                  number keeps its meaning
 */
public record CloseCode(int code, String reason, boolean reconnect, boolean reserved) {

    /** The largest close reason the WebSocket protocol allows, in UTF-8 bytes. */
    public static final int MAX_REASON_BYTES = 123;

    public CloseCode {
        if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason longer than 123 bytes: " + reason);
        }
    }

    /** A code the hub sends. */
    public CloseCode(int code, String reason, boolean reconnect) {
        this(code, reason, reconnect, false);
    }

    /** @return this code as the frame-size gate's refusal (its synthetic close frame) */
    public FrameSizeGate.Refusal refusal() {
        return new FrameSizeGate.Refusal(code, reason);
    }
}
