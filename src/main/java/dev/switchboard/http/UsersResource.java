package dev.switchboard.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.switchboard.channel.Hub;
import dev.switchboard.config.HubConfig;

/**
 * {@code POST /api/v1/users/{user}/messages}: any JSON body goes to every open connection of the user as a
 * {@code direct} frame ({@link Hub#sendToUser}); {@code 202 {"connections": N}}. Guarded by {@link ApiAccessFilter}
 * (the key or the admin role). Bodies are never read past {@code max.message.bytes}.
 */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class UsersResource {

    private final Hub hub;
    private final HttpBodies bodies;
    private final int maxBytes;

    @Inject
    public UsersResource(Hub hub, HubConfig config, HttpBodies bodies) {
        this.hub = hub;
        this.bodies = bodies;
        this.maxBytes = config.limits().maxMessageBytes();
    }

    /** For CDI proxies only; public for RESTEasy (WildFly), as the other resources. */
    public UsersResource() {
        this.hub = null;
        this.bodies = null;
        this.maxBytes = 0;
    }

    @POST
    @Path("/{user}/messages")
    @Consumes(MediaType.WILDCARD)
    public Response send(@PathParam("user") String user, InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            return error(413, "too_large", "The body is larger than " + maxBytes + " bytes");
        }
        int connections;
        try {
            connections = hub.sendToUser(user, new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return error(400, "bad_request", "The body must be JSON");
        }
        return Response.status(202).entity(bodies.connections(connections)).build();
    }

    private Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(bodies.error(code, message))
                .build();
    }
}
