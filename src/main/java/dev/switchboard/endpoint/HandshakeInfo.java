package dev.switchboard.endpoint;

import dev.switchboard.registry.Identity;

/**
 * What the handshake learned, carried to {@code @OnOpen} in the per-connection user properties (the containers
 * give {@code modifyHandshake} a per-connection copy of the endpoint configuration).
 *
 * @param user          the authenticated user, or null
 * @param remoteAddress the peer's IP address
 * @param traceId       the W3C trace id of the handshake's {@code traceparent}, or null
 * @param identity      who authenticated, with claims and expiry; null: as {@link Identity#named} of user
 */
public record HandshakeInfo(String user, String remoteAddress, String traceId, Identity identity) {

    /** The user-properties key. */
    public static final String KEY = "switchboard.handshake";

    /** What a handshake learned without verified credentials beyond the user name. */
    public HandshakeInfo(String user, String remoteAddress, String traceId) {
        this(user, remoteAddress, traceId, null);
    }
}
