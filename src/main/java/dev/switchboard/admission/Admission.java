package dev.switchboard.admission;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.switchboard.config.HubConfig;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.support.MonotonicClock;

/**
 * Decides at the handshake whether a connection may open: origin first (403), then the address's handshake rate
 * (429, {@code rate.handshakes.*}), then capacity (503 for the hub, 429 per address), and 503 while the hub
 * drains. The counts are read, not reserved: concurrent handshakes can overshoot a limit by a few, and the
 * registry refuses those at open with 1013. Thread-safe.
 */
@ApplicationScoped
public class Admission {

    /** {@code Retry-After} for capacity refusals, seconds. */
    static final int RETRY_AFTER_SECONDS = 5;
    /** Client addresses whose handshake buckets are kept at most (the least recently seen are dropped beyond). */
    static final int MAX_RATE_ADDRESSES = 10_000;

    private final HubConfig config;
    private final ConnectionRegistry registry;
    private final HubMetrics metrics;
    private final OriginPolicy origins;
    private final KeyedRateLimiter handshakeRate;

    @Inject
    public Admission(HubConfig config, ConnectionRegistry registry, HubMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.metrics = metrics;
        this.origins = new OriginPolicy(config.origins().allowed());
        this.handshakeRate = new KeyedRateLimiter(config.rates().handshakesBurst(),
                config.rates().handshakesPerSecond(), MAX_RATE_ADDRESSES, MonotonicClock.SYSTEM);
    }

    /** For CDI proxies only. */
    protected Admission() {
        this.config = null;
        this.registry = null;
        this.metrics = null;
        this.origins = null;
        this.handshakeRate = null;
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
            if ("rate".equals(decision.metric())) {
                metrics.rateLimited("handshake");
            }
        }
        return decision;
    }

    private AdmissionDecision decide(String origin, String host, String remoteAddress) {
        if (origin == null ? config.origins().required() : !origins.allows(origin, host)) {
            return new AdmissionDecision(403, "Origin not allowed", "origin", 0, null);
        }
        long wait = handshakeRate.tryAcquire(remoteAddress);
        if (wait > 0) {
            return new AdmissionDecision(429, "Too many handshakes from this address", "rate",
                    KeyedRateLimiter.retryAfterSeconds(wait), null);
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
