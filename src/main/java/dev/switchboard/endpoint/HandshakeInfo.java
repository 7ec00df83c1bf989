package dev.switchboard.endpoint;

/**
 * What the handshake learned, carried to {@code @OnOpen} in the per-connection user properties (the containers
 * give {@code modifyHandshake} a per-connection copy of the endpoint configuration).
 *
 * @param user          the authenticated user, or null
 * @param remoteAddress the peer's IP address
 * @param traceId       the W3C trace id of the handshake's {@code traceparent}, or null
 */
public record HandshakeInfo(String user, String remoteAddress, String traceId) {

    /** The user-properties key. */
    public static final String KEY = "switchboard.handshake";
}
