package dev.switchboard.protocol;

import java.util.List;
import java.util.Optional;

/**
 * The catalogue of every close code the hub uses or reserves ({@link CloseCode#reserved()}: nothing sends it yet).
 * Codes 4000–4499 mean "reconnecting is fine", 4500–4999 mean "do not reconnect". For clients: docs/protocol.md.
 */
public final class CloseCodes {

    /** 1000: the connection finished its work (a polite close). Reserved: a client's close; the hub sends none. */
    public static final CloseCode NORMAL = new CloseCode(1000, "Normal closure", false, true);
    /** 1001: the hub is shutting down; reconnect to another node or later. */
    public static final CloseCode GOING_AWAY = new CloseCode(1001, "Hub shutting down", true);
    /**
     * 1002: the peer broke RFC 6455's framing (an unmasked frame, reserved bits or opcodes, a bad fragment
     * sequence, an invalid close code). Sent by the frame-size gate and by the WebSocket implementation.
     */
    public static final CloseCode PROTOCOL_ERROR = new CloseCode(1002, "Protocol error", false);
    /** 1003: the peer sent a kind of data the endpoint does not accept (binary to a text-only endpoint). */
    public static final CloseCode UNSUPPORTED_DATA = new CloseCode(1003, "Unsupported data", false);
    /**
     * 1006: the connection dropped without a close frame. Reserved: never sent (RFC 6455 forbids it on the wire); the
     * code the hub records when a transport vanished.
     */
    public static final CloseCode ABNORMAL_CLOSURE = new CloseCode(1006, "Connection dropped", true, true);
    /** 1007: a text message (or a close reason) was not valid UTF-8. Sent by the WebSocket implementation. */
    public static final CloseCode INVALID_PAYLOAD = new CloseCode(1007, "Invalid UTF-8", false);
    /** 1008: a rule was broken after the handshake where no finer code applies. Reserved: nothing sends it yet. */
    public static final CloseCode POLICY_VIOLATION = new CloseCode(1008, "Policy violation", false, true);
    /** 1009: a message was larger than {@code max.message.bytes}. */
    public static final CloseCode MESSAGE_TOO_BIG = new CloseCode(1009, "Message too big", true);
    /** 1011: the hub hit an unexpected condition handling this connection. */
    public static final CloseCode INTERNAL_ERROR = new CloseCode(1011, "Internal error", true);
    /** 1013: over capacity where the limit could not be answered at the handshake; retry later. */
    public static final CloseCode TRY_AGAIN_LATER = new CloseCode(1013, "Over capacity, try again later", true);
    /** 4008: nothing was received from the peer within {@code idle.timeout.seconds}. */
    public static final CloseCode HEARTBEAT_TIMEOUT = new CloseCode(4008, "Heartbeat timeout", true);
    /** 4009: the peer did not read fast enough: its outbox overflowed or a send timed out. */
    public static final CloseCode SLOW_CONSUMER = new CloseCode(4009, "Slow consumer", true);
    /**
     * 4010: a recovery replay promised with {@code recovered:true} could not be finished, because history dropped
     * messages the peer had not yet read. Reconnect and subscribe again from the last offset processed.
     */
    public static final CloseCode INSUFFICIENT_STATE = new CloseCode(4010, "Insufficient state, resubscribe", true);
    /**
     * 4029: the peer went on sending at more than 3x its message or byte rate for 5 s (see docs/security.md, "Rate
     * limits"); reconnect after a pause, and slow down.
     */
    public static final CloseCode RATE_LIMITED = new CloseCode(4029, "Rate limited", true);
    /**
     * 4501: the credentials expired (the token's {@code exp} plus the clock skew passed without a {@code refresh}) or
     * were revoked. Do not reconnect with the same credentials.
     */
    public static final CloseCode UNAUTHORIZED = new CloseCode(4501, "Unauthorized", false);
    /** 4503: the peer is not allowed to do what it tried. Reserved: nothing sends it yet (permissions). */
    public static final CloseCode FORBIDDEN = new CloseCode(4503, "Forbidden", false, true);

    private static final List<CloseCode> ALL = List.of(NORMAL, GOING_AWAY, PROTOCOL_ERROR, UNSUPPORTED_DATA,
            ABNORMAL_CLOSURE, INVALID_PAYLOAD, POLICY_VIOLATION, MESSAGE_TOO_BIG, INTERNAL_ERROR, TRY_AGAIN_LATER,
            HEARTBEAT_TIMEOUT, SLOW_CONSUMER,
            INSUFFICIENT_STATE, RATE_LIMITED, UNAUTHORIZED, FORBIDDEN);

    private CloseCodes() {
    }

    /** @return every code in the catalogue, in ascending order */
    public static List<CloseCode> all() {
        return ALL;
    }

    /** @return the catalogued code with this number, if any */
    public static Optional<CloseCode> byCode(int code) {
        return ALL.stream().filter(c -> c.code() == code).findFirst();
    }
}
