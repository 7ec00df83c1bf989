package dev.switchboard.registry;

import dev.switchboard.outbox.Transport;

/**
 * What the endpoint knows about a connection being opened.
 *
 * @param user          the authenticated user, or null for an anonymous connection
 * @param remoteAddress the peer's IP address
 * @param traceId       the W3C trace id of the handshake, or null
 * @param transport     the connection's writer
 * @param identity      who authenticated (claims, expiry); null: {@link Identity#named} of {@code user}
 */
public record OpenRequest(String user, String remoteAddress, String traceId, Transport transport,
        Identity identity) {

    /** A connection with no verified credentials beyond its user name. */
    public OpenRequest(String user, String remoteAddress, String traceId, Transport transport) {
        this(user, remoteAddress, traceId, transport, null);
    }

    /** @return the identity, never null; its user is {@link #user()} */
    public Identity effectiveIdentity() {
        return identity != null ? identity : Identity.named(user);
    }
}
