package dev.switchboard.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.switchboard.admission.ChannelPermissions;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.EngineUnavailableException;
import dev.switchboard.channel.Hub;
import dev.switchboard.config.HubConfig;
import dev.switchboard.protocol.ChannelNames;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.support.TraceParent;

/**
 * The HTTP API for servers: publish to a channel, read its history. Guarded by {@link ApiAccessFilter}. Bodies are
 * never read past {@code max.message.bytes}.
 */
@Path("/api/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ChannelsResource {

    private final ChannelService channels;
    private final HubConfig config;
    private final JsonCodec codec;
    private final HttpBodies bodies;
    private final ChannelPermissions permissions;

    @Inject
    public ChannelsResource(ChannelService channels, HubConfig config, JsonCodec codec, HttpBodies bodies) {
        this.channels = channels;
        this.config = config;
        this.codec = codec;
        this.bodies = bodies;
        this.permissions = new ChannelPermissions(config);
    }

    /**
     * For CDI proxies only. Public because RESTEasy (WildFly) wants a public constructor it can read before it asks
     * CDI for the instance.
     */
    public ChannelsResource() {
        this.channels = null;
        this.config = null;
        this.codec = null;
        this.bodies = null;
        this.permissions = null;
    }

    @POST
    @Path("/{channel}/messages")
    public CompletionStage<Response> publish(@PathParam("channel") String channel,
            @HeaderParam("Content-Length") @DefaultValue("-1") long contentLength,
            @HeaderParam("traceparent") String traceparent, InputStream body)
            throws IOException {
        if (!ChannelNames.isValid(channel)) {
            return now(error(400, "invalid_channel", ChannelNames.RULE));
        }
        if (!permissions.serverMayPublish(channel)) {
            return now(error(403, "forbidden", "Nobody may publish on " + channel));
        }
        int max = config.limits().maxMessageBytes();
        if (contentLength > max) {
            return now(error(413, "too_large", "The body is larger than " + max + " bytes"));
        }
        byte[] bytes = body.readNBytes(max + 1);
        if (bytes.length > max) {
            return now(error(413, "too_large", "The body is larger than " + max + " bytes"));
        }
        String data;
        try {
            data = codec.normalizeJson(new String(bytes, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            return now(error(400, "bad_request", e.getMessage()));
        }
        return channels.publish(channel, data, Hub.SERVER, TraceParent.traceId(traceparent)).handle((m, e) ->
                e != null ? unavailable(e)
                        : Response.status(201).entity(bodies.publishReceipt(channel, m.offset(), m.epoch())).build());
    }

    @GET
    @Path("/{channel}/history")
    public CompletionStage<Response> history(@PathParam("channel") String channel, @QueryParam("since") String since,
            @QueryParam("limit") String limit) {
        if (!ChannelNames.isValid(channel)) {
            return now(error(400, "invalid_channel", ChannelNames.RULE));
        }
        Long from = parse(since, 0, Long.MAX_VALUE, 0);
        Long count = parse(limit, 1, JsonCodec.MAX_HISTORY_LIMIT, JsonCodec.DEFAULT_HISTORY_LIMIT);
        if (from == null || count == null) {
            return now(error(400, "bad_request", "'since' must be a non-negative integer and 'limit' 1 to "
                    + JsonCodec.MAX_HISTORY_LIMIT));
        }
        return channels.history(channel, from, count.intValue()).handle((read, e) -> e != null ? unavailable(e)
                : Response.ok(bodies.history(channel, read.position().epoch(), read.messages(), read.recovered(),
                        read.hasMore(from))).build());
    }

    private static CompletionStage<Response> now(Response response) {
        return CompletableFuture.completedFuture(response);
    }

    /** 503 when the engine refused (nothing happened); anything else stays a server error, as before. */
    private Response unavailable(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof EngineUnavailableException) {
            return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "1")
                    .entity(bodies.error("unavailable", "The hub cannot do this now, try again")).build();
        }
        throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }

    private static Long parse(String raw, long min, long max, long fallback) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(raw);
            return v < min || v > max ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(bodies.error(code, message)).build();
    }
}
