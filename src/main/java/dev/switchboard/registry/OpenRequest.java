package dev.switchboard.registry;

import dev.switchboard.outbox.Transport;

/**
 * What the endpoint knows about a connection being opened.
 *
 * @param user          the authenticated user, or null for an anonymous connection
 * @param remoteAddress the peer's IP address
 * @param traceId       the W3C trace id of the handshake, or null
 * @param transport     the connection's writer
 */
public record OpenRequest(String user, String remoteAddress, String traceId, Transport transport) {
}
