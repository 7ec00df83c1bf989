package dev.switchboard.http;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.registry.ConnectionRegistry;

/** Liveness and readiness in the MicroProfile Health shape: {@code {"status":"UP","checks":[…]}}, 200 or 503. */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class HealthResource {

    private final ConnectionRegistry registry;
    private final JsonCodec codec;

    @Inject
    public HealthResource(ConnectionRegistry registry, JsonCodec codec) {
        this.registry = registry;
        this.codec = codec;
    }

    /**
     * For CDI proxies only. Public because RESTEasy (WildFly) wants a public constructor it can read before it asks
     * CDI for the instance.
     */
    public HealthResource() {
        this.registry = null;
        this.codec = null;
    }

    @GET
    @Path("/live")
    public Response live() {
        return answer(true, "live");
    }

    @GET
    @Path("/ready")
    public Response ready() {
        return answer(!registry.isDraining(), "accepting-connections");
    }

    private Response answer(boolean up, String check) {
        String status = up ? "UP" : "DOWN";
        String body = codec.toJson(Map.of("status", status,
                "checks", List.of(Map.of("name", check, "status", status))));
        return Response.status(up ? 200 : 503).entity(body).build();
    }
}
