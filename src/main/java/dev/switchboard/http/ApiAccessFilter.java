package dev.switchboard.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import dev.switchboard.config.HubConfig;

/**
 * Guards {@code /api/*}, and {@code /metrics} unless {@code metrics.public}: with {@code api.key}, a request needs
 * {@code Authorization: Bearer <key>} (constant-time compare), without it only loopback callers pass; else 401.
 * {@code /health/*} stays open. The caller's address: {@link #REMOTE_ADDRESS}, set by the runtime. Thread-safe.
 */
@Provider
@ApplicationScoped
public class ApiAccessFilter implements ContainerRequestFilter {

    /** Request property holding the caller's IP address, set by a runtime-specific filter that runs first. */
    public static final String REMOTE_ADDRESS = "switchboard.remoteAddress";

    private final Optional<byte[]> key;
    private final boolean metricsPublic;
    private final HttpBodies bodies;

    @Inject
    public ApiAccessFilter(HubConfig config, HttpBodies bodies) {
        this.key = config.http().apiKey().map(k -> k.getBytes(StandardCharsets.UTF_8));
        this.metricsPublic = config.http().metricsPublic();
        this.bodies = bodies;
    }

    /**
     * For CDI proxies only. Public because RESTEasy (WildFly) wants a public constructor it can read before it asks
     * CDI for the instance.
     */
    public ApiAccessFilter() {
        this.key = null;
        this.metricsPublic = false;
        this.bodies = null;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String relative = path.startsWith("/") ? path.substring(1) : path;
        boolean guarded = relative.startsWith("api/") || (!metricsPublic && relative.equals("metrics"));
        if (!guarded) {
            return;
        }
        if (key.isPresent() ? !bearerMatches(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                : !isLoopback((String) request.getProperty(REMOTE_ADDRESS))) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"switchboard\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(bodies.error("unauthorized", key.isPresent()
                            ? "Send the API key as 'Authorization: Bearer <key>'"
                            : "No api.key is set: the API answers loopback callers only"))
                    .build());
        }
    }

    private boolean bearerMatches(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, key.orElseThrow());
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        try {
            // Only literal addresses arrive here; getByName does not resolve them over the network.
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
