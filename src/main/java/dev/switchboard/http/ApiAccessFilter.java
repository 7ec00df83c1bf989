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

import dev.switchboard.admission.Authentication;
import dev.switchboard.admission.InvalidTokenException;
import dev.switchboard.admission.TokenVerifier;
import dev.switchboard.config.HubConfig;

/**
 * Guards {@code /api/*}, and {@code /metrics} unless {@code metrics.public}: {@code Authorization: Bearer} with the
 * {@code api.key} (constant-time compare) or, with {@code auth.mode=jwt}, a valid token whose claims the resources
 * check ({@link #CALLER}); without an {@code api.key}, loopback callers pass without a credential; else 401.
 */
@Provider
@ApplicationScoped
public class ApiAccessFilter implements ContainerRequestFilter {

    /** Request property holding the caller's IP address, set by a runtime-specific filter that runs first. */
    public static final String REMOTE_ADDRESS = "switchboard.remoteAddress";
    /** Request property holding the {@link ApiCaller} of a request that passed. */
    public static final String CALLER = "switchboard.apiCaller";

    private final Optional<byte[]> key;
    private final boolean metricsPublic;
    private final HttpBodies bodies;
    private final Optional<TokenVerifier> tokens;

    @Inject
    public ApiAccessFilter(HubConfig config, HttpBodies bodies, Authentication authentication) {
        this.key = config.http().apiKey().map(k -> k.getBytes(StandardCharsets.UTF_8));
        this.metricsPublic = config.http().metricsPublic();
        this.bodies = bodies;
        this.tokens = authentication.tokens();
    }

    /**
     * For CDI proxies only. Public because RESTEasy (WildFly) wants a public constructor it can read before it asks
     * CDI for the instance.
     */
    public ApiAccessFilter() {
        this.key = null;
        this.metricsPublic = false;
        this.bodies = null;
        this.tokens = null;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String relative = path.startsWith("/") ? path.substring(1) : path;
        boolean guarded = relative.startsWith("api/") || (!metricsPublic && relative.equals("metrics"));
        if (!guarded) {
            return;
        }
        Optional<ApiCaller> caller = identify(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                (String) request.getProperty(REMOTE_ADDRESS));
        if (caller.isPresent()) {
            request.setProperty(CALLER, caller.get());
            if (!allowed(caller.get(), request.getMethod(), relative)) {
                request.abortWith(Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(bodies.error("forbidden", "This credential may not do that")).build());
            }
            return;
        }
        request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"switchboard\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(bodies.error("unauthorized", key.isPresent() || tokens.isPresent()
                        ? "Send the API key or a valid token as 'Authorization: Bearer <credential>'"
                        : "No api.key is set: the API answers loopback callers only"))
                .build());
    }

    /**
     * What a caller may do, by path: publish and history as the token's {@code publish} and {@code channels}
     * patterns allow, everything else (revocations, messages to users, metrics) with the admin role or the key.
     */
    static boolean allowed(ApiCaller caller, String method, String relative) {
        String[] parts = relative.split("/");
        boolean channel = parts.length == 5 && parts[0].equals("api") && parts[1].equals("v1")
                && parts[2].equals("channels");
        if (channel && parts[4].equals("messages") && method.equals("POST")) {
            return caller.mayPublish(parts[3]);
        }
        if (channel && parts[4].equals("history") && method.equals("GET")) {
            return caller.mayRead(parts[3]);
        }
        return caller.isAdmin();
    }

    /** @return who is calling, or empty for a 401; never logs or echoes the credential */
    private Optional<ApiCaller> identify(String authorization, String remoteAddress) {
        String credential = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        if (credential != null && key.isPresent()
                && MessageDigest.isEqual(credential.getBytes(StandardCharsets.UTF_8), key.get())) {
            return Optional.of(ApiCaller.KEY);
        }
        if (credential != null && tokens.isPresent()) {
            try {
                return Optional.of(new ApiCaller(tokens.get().verify(credential)));
            } catch (InvalidTokenException e) {
                return Optional.empty();
            }
        }
        // Without an api.key, a loopback caller that sends no credential is trusted, as before tokens existed.
        return key.isEmpty() && credential == null && isLoopback(remoteAddress) ? Optional.of(ApiCaller.KEY)
                : Optional.empty();
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
