package dev.switchboard.http;

import java.security.Principal;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import dev.switchboard.admission.KeyedRateLimiter;
import dev.switchboard.config.HubConfig;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.support.MonotonicClock;

/**
 * Limits {@code /api/*} to {@code rate.api.per.second} requests per caller (429 with {@code Retry-After} beyond
 * it). Runs after {@link ApiAccessFilter}, so only admitted callers spend tokens; the caller is the authenticated
 * principal when there is one, else the API key (one bucket for its holders), else the address. Thread-safe.
 */
@Provider
@ApplicationScoped
@Priority(ApiRateLimitFilter.PRIORITY)
public class ApiRateLimitFilter implements ContainerRequestFilter {

    /** After {@link ApiAccessFilter} (which has the default priority, {@link Priorities#USER}). */
    public static final int PRIORITY = Priorities.USER + 100;
    /** Callers whose buckets are kept at most (the least recently seen are dropped beyond). */
    static final int MAX_CALLERS = 10_000;

    private final KeyedRateLimiter limiter;
    private final boolean keyed;
    private final HttpBodies bodies;
    private final HubMetrics metrics;

    @Inject
    public ApiRateLimitFilter(HubConfig config, HttpBodies bodies, HubMetrics metrics) {
        int perSecond = config.rates().apiPerSecond();
        this.limiter = new KeyedRateLimiter(perSecond, perSecond, MAX_CALLERS, MonotonicClock.SYSTEM);
        this.keyed = config.http().apiKey().isPresent();
        this.bodies = bodies;
        this.metrics = metrics;
    }

    /** For CDI proxies only; public for RESTEasy, as {@link ApiAccessFilter}'s. */
    public ApiRateLimitFilter() {
        this.limiter = null;
        this.keyed = false;
        this.bodies = null;
        this.metrics = null;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.startsWith("/") ? path.substring(1) : path).startsWith("api/")) {
            return;
        }
        long wait = limiter.tryAcquire(caller(request));
        if (wait > 0) {
            metrics.rateLimited("api");
            request.abortWith(Response.status(Response.Status.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, KeyedRateLimiter.retryAfterSeconds(wait))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(bodies.error("rate_limited", "Too many requests, slow down"))
                    .build());
        }
    }

    /**
     * The bucket's key: a token's subject ({@link ApiAccessFilter#CALLER}), else the container's authenticated
     * principal, else the API key (one bucket for its holders), else the caller's address. Never a secret.
     */
    private String caller(ContainerRequestContext request) {
        if (request.getProperty(ApiAccessFilter.CALLER) instanceof ApiCaller c && c.subject() != null) {
            return "user:" + c.subject();
        }
        Principal principal = request.getSecurityContext() != null
                ? request.getSecurityContext().getUserPrincipal() : null;
        if (principal != null) {
            return "user:" + principal.getName();
        }
        if (keyed) {
            return "api-key";
        }
        return "address:" + request.getProperty(ApiAccessFilter.REMOTE_ADDRESS);
    }
}
