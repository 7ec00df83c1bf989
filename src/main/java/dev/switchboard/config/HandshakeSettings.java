package dev.switchboard.config;

import java.time.Duration;

/**
 * Bounds on an HTTP request (a WebSocket handshake included) before it is served; standalone only, an application
 * server applies its own.
 *
 * @param maxHeaderBytes the largest request line plus headers, in bytes; beyond it the answer is 431
 * @param timeout        how long a connection may take from accepting (or the first byte of a further request)
 *                       to the end of its request headers, TLS handshake included, before it is closed
 */
public record HandshakeSettings(int maxHeaderBytes, Duration timeout) {

    /** {@code max.header.bytes}: request line and headers, bytes. */
    public static final int MAX_HEADER_BYTES = 8192;
    /** {@code handshake.timeout.seconds}: from accepting to the end of the request headers. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    static HandshakeSettings from(ConfigSource s) {
        return new HandshakeSettings(
                s.integer("max.header.bytes", MAX_HEADER_BYTES, 1024, 1024 * 1024),
                s.seconds("handshake.timeout.seconds", TIMEOUT));
    }
}
