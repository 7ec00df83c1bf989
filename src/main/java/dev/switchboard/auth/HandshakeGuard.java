package dev.switchboard.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.switchboard.config.HubConfig;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.registry.ConnectionRegistry;

/**
 * Decides at the handshake whether a connection may open: origin first (403), then capacity (503 for the hub,
 * 429 per address), and 503 while the hub drains for shutdown. The counts are read, not reserved: concurrent
 * handshakes can overshoot a limit by a few, and the registry refuses those at open with 1013. Thread-safe.
 */
@ApplicationScoped
public class HandshakeGuard {

    /** {@code Retry-After} for capacity refusals, seconds. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final HubConfig config;
    private final ConnectionRegistry registry;
    private final HubMetrics metrics;
    private final OriginPolicy origins;

    @Inject
    public HandshakeGuard(HubConfig config, ConnectionRegistry registry, HubMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.metrics = metrics;
        this.origins = new OriginPolicy(config.allowedOrigins());
    }

    /** For CDI proxies only. */
    protected HandshakeGuard() {
        this.config = null;
        this.registry = null;
        this.metrics = null;
        this.origins = null;
    }

    /**
     * @param origin        the {@code Origin} header, or null
     * @param host          the {@code Host} header, or null
     * @param remoteAddress the peer's IP address
     */
    public HandshakeDecision evaluate(String origin, String host, String remoteAddress) {
        HandshakeDecision decision = decide(origin, host, remoteAddress);
        if (!decision.accepted()) {
            metrics.handshakeRefused(decision.metric());
        }
        return decision;
    }

    private HandshakeDecision decide(String origin, String host, String remoteAddress) {
        if (origin == null ? config.requireOrigin() : !origins.allows(origin, host)) {
            return new HandshakeDecision(403, "Origin not allowed", "origin", 0, null);
        }
        if (registry.isDraining()) {
            return new HandshakeDecision(503, "Shutting down", "limit", RETRY_AFTER_SECONDS, null);
        }
        if (registry.count() >= config.maxConnections()) {
            return new HandshakeDecision(503, "Too many connections", "limit", RETRY_AFTER_SECONDS, null);
        }
        if (registry.countForAddress(remoteAddress) >= config.maxConnectionsPerIp()) {
            return new HandshakeDecision(429, "Too many connections from this address", "limit",
                    RETRY_AFTER_SECONDS, null);
        }
        return HandshakeDecision.accept(null);
    }
}
