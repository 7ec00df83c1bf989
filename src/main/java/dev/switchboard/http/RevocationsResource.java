package dev.switchboard.http;

import java.io.IOException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.admission.Revocation;
import dev.switchboard.admission.Revocations;

/**
 * Revocations over HTTP: {@code POST /api/v1/revocations} with {@code {"sub":..}} or {@code {"jti":..}} and
 * {@code expiresInSeconds}, {@code GET} the live entries, {@code DELETE /api/v1/revocations/{sub|jti}}. Guarded by
 * {@link ApiAccessFilter}. See docs/security.md, "Revocation".
 */
@Path("/api/v1/revocations")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class RevocationsResource {

    /** The longest a revocation may last: a year. */
    static final long MAX_SECONDS = 365L * 24 * 3600;

    private final Revocations revocations;
    private final HttpBodies bodies;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public RevocationsResource(Revocations revocations, HttpBodies bodies) {
        this.revocations = revocations;
        this.bodies = bodies;
    }

    /** For CDI proxies only; public for RESTEasy (WildFly), as the other resources. */
    public RevocationsResource() {
        this.revocations = null;
        this.bodies = null;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response revoke(String body) {
        JsonNode request;
        try {
            request = json.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return error(400, "bad_request", "The body must be a JSON object");
        }
        if (request == null || !request.isObject() || request.hasNonNull("sub") == request.hasNonNull("jti")) {
            return error(400, "bad_request", "Give exactly one of 'sub' and 'jti', as strings");
        }
        Revocation.Kind kind = request.hasNonNull("sub") ? Revocation.Kind.SUB : Revocation.Kind.JTI;
        JsonNode value = request.get(kind == Revocation.Kind.SUB ? "sub" : "jti");
        JsonNode seconds = request.get("expiresInSeconds");
        if (!value.isTextual() || value.asText().isBlank() || seconds == null || !seconds.canConvertToLong()
                || !seconds.isIntegralNumber() || seconds.asLong() < 1 || seconds.asLong() > MAX_SECONDS) {
            return error(400, "bad_request",
                    "'sub' or 'jti' must be a string and 'expiresInSeconds' a whole number from 1 to " + MAX_SECONDS);
        }
        Revocation r = revocations.revoke(kind, value.asText(), Duration.ofSeconds(seconds.asLong()));
        return Response.status(201).entity(bodies.revocation(r)).build();
    }

    @GET
    public Response list() {
        return Response.ok(bodies.revocations(revocations.live())).build();
    }

    @DELETE
    @Path("/{value}")
    public Response lift(@PathParam("value") String value) {
        return revocations.lift(value) ? Response.noContent().build()
                : error(404, "not_found", "No live revocation for that sub or jti");
    }

    private Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(bodies.error(code, message))
                .build();
    }
}
