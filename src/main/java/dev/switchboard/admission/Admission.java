package dev.switchboard.admission;

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
public class Admission {

    /** {@code Retry-After} for capacity refusals, seconds. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final HubConfig config;
    private final ConnectionRegistry registry;
    private final HubMetrics metrics;
    private final OriginPolicy origins;

    @Inject
    public Admission(HubConfig config, ConnectionRegistry registry, HubMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.metrics = metrics;
        this.origins = new OriginPolicy(config.origins().allowed());
    }

    /** For CDI proxies only. */
    protected Admission() {
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
    public AdmissionDecision evaluate(String origin, String host, String remoteAddress) {
        AdmissionDecision decision = decide(origin, host, remoteAddress);
        if (!decision.accepted()) {
            metrics.handshakeRefused(decision.metric());
        }
        return decision;
    }

    private AdmissionDecision decide(String origin, String host, String remoteAddress) {
        if (origin == null ? config.origins().required() : !origins.allows(origin, host)) {
            return new AdmissionDecision(403, "Origin not allowed", "origin", 0, null);
        }
        if (registry.isDraining()) {
            return new AdmissionDecision(503, "Shutting down", "limit", RETRY_AFTER_SECONDS, null);
        }
        if (registry.count() >= config.limits().maxConnections()) {
            return new AdmissionDecision(503, "Too many connections", "limit", RETRY_AFTER_SECONDS, null);
        }
        if (registry.countForAddress(remoteAddress) >= config.limits().maxConnectionsPerIp()) {
            return new AdmissionDecision(429, "Too many connections from this address", "limit",
                    RETRY_AFTER_SECONDS, null);
        }
        return AdmissionDecision.accept(null);
    }
}
