package dev.switchboard.client;

import java.net.URI;
import java.time.Duration;

import javax.net.ssl.SSLContext;

/**
 * A client's configuration, made by {@link ClientBuilder} (which documents each default).
 *
 * @param uri the hub's WebSocket URL, e.g. {@code ws://localhost:8080/ws}
 * @param tokens the token supplier, called before every attempt and every refresh
 * @param backoff delays between attempts
 * @param connectTimeout the bound of one attempt (TCP and handshake)
 * @param requestTimeout the bound of a publish, history or presence request, from the call
 * @param pingAfter silence after which the client sends an application-level {@code ping}
 * @param pongTimeout how long after that ping, still without anything received, the hub counts as dead
 * @param refreshBefore how long before the token's {@code exp} the client sends {@code refresh}
 * @param queueCapacity requests that may wait for a connection
 * @param tls the TLS context for {@code wss://}, or {@code null} for the JDK's default
 */
record ClientSettings(URI uri, TokenSupplier tokens, BackoffPolicy backoff, Duration connectTimeout,
        Duration requestTimeout, Duration pingAfter, Duration pongTimeout, Duration refreshBefore,
        int queueCapacity, SSLContext tls) {

    /** @return how often the event loop checks for silence */
    Duration livenessTick() {
        Duration shorter = pingAfter.compareTo(pongTimeout) < 0 ? pingAfter : pongTimeout;
        Duration quarter = shorter.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(20)) < 0 ? Duration.ofMillis(20) : quarter;
    }
}
