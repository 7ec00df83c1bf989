package dev.switchboard.standalone;

import java.net.URI;
import java.util.Set;

/**
 * The addresses a person opens on a running standalone hub, for its "ready" line. A wildcard bind address is shown
 * as {@code localhost}, the address that works from the hub's own machine. Immutable.
 *
 * @param host   the host as it goes into a URL (an IPv6 literal in brackets)
 * @param port   the bound port
 * @param secure TLS: {@code wss://} and {@code https://}
 */
public record HubUrls(String host, int port, boolean secure) {

    /** Bind addresses that mean every interface. */
    private static final Set<String> WILDCARDS = Set.of("", "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

    /** @return the URLs of a plain (no TLS) hub bound to {@code bindHost} on {@code port} */
    public static HubUrls of(String bindHost, int port) {
        return of(bindHost, port, false);
    }

    /** @return the URLs of a hub bound to {@code bindHost} on {@code port}, with TLS if {@code secure} */
    public static HubUrls of(String bindHost, int port, boolean secure) {
        String host = bindHost.trim();
        if (WILDCARDS.contains(host)) {
            host = "localhost";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return new HubUrls(host, port, secure);
    }

    /** @return the WebSocket endpoint, {@code ws://host:port/ws} */
    public URI websocket() {
        return URI.create((secure ? "wss://" : "ws://") + host + ":" + port + "/ws");
    }

    /** @return the base of the HTTP API, {@code http://host:port/api/v1} */
    public URI api() {
        return http("/api/v1");
    }

    /** @return the liveness check, {@code http://host:port/health/live} */
    public URI health() {
        return http("/health/live");
    }

    /** @return the Prometheus scrape endpoint, {@code http://host:port/metrics} */
    public URI metrics() {
        return http("/metrics");
    }

    /** @return the live dashboard, {@code http://host:port/dashboard} */
    public URI dashboard() {
        return http("/dashboard");
    }

    /** @return the chat page, {@code http://host:port/} (the browser client is {@code /switchboard.js}) */
    public URI chat() {
        return http("/");
    }

    /** @return the line the standalone hub logs once it is ready: every URL, each with what it is */
    public String readyLine() {
        return "Switchboard ready: chat " + chat() + "  WebSocket " + websocket() + "  API " + api() + "  health "
                + health() + "  metrics " + metrics() + "  dashboard " + dashboard();
    }

    private URI http(String path) {
        return URI.create((secure ? "https://" : "http://") + host + ":" + port + path);
    }
}
