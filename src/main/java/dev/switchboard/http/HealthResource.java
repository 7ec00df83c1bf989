package dev.switchboard.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.switchboard.channel.Broker;
import dev.switchboard.registry.ConnectionRegistry;

/**
 * Liveness and readiness in the MicroProfile Health shape: {@code {"status":"UP","checks":[…]}}, 200 or 503. Ready
 * means not draining and, with {@code engine=redis}, Redis answering (within about a second of each change).
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class HealthResource {

    private final ConnectionRegistry registry;
    private final HttpBodies bodies;
    private final Broker broker;

    @Inject
    public HealthResource(ConnectionRegistry registry, HttpBodies bodies, Broker broker) {
        this.registry = registry;
        this.bodies = bodies;
        this.broker = broker;
    }

    /**
     * For CDI proxies only. Public because RESTEasy (WildFly) wants a public constructor it can read before it asks
     * CDI for the instance.
     */
    public HealthResource() {
        this.registry = null;
        this.bodies = null;
        this.broker = null;
    }

    @GET
    @Path("/live")
    public Response live() {
        return answer(true, "live");
    }

    @GET
    @Path("/ready")
    public Response ready() {
        return answer(!registry.isDraining() && broker.up(), "accepting-connections");
    }

    private Response answer(boolean up, String check) {
        return Response.status(up ? 200 : 503).entity(bodies.health(up, check)).build();
    }
}
