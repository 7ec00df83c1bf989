package dev.switchboard.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

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
import dev.switchboard.channel.HistoryRead;
import dev.switchboard.channel.Hub;
import dev.switchboard.config.HubConfig;
import dev.switchboard.protocol.ChannelMessage;
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
    public Response publish(@PathParam("channel") String channel,
            @HeaderParam("Content-Length") @DefaultValue("-1") long contentLength,
            @HeaderParam("traceparent") String traceparent, InputStream body)
            throws IOException {
        if (!ChannelNames.isValid(channel)) {
            return error(400, "invalid_channel", ChannelNames.RULE);
        }
        if (!permissions.serverMayPublish(channel)) {
            return error(403, "forbidden", "Nobody may publish on " + channel);
        }
        int max = config.limits().maxMessageBytes();
        if (contentLength > max) {
            return error(413, "too_large", "The body is larger than " + max + " bytes");
        }
        byte[] bytes = body.readNBytes(max + 1);
        if (bytes.length > max) {
            return error(413, "too_large", "The body is larger than " + max + " bytes");
        }
        String data;
        try {
            data = codec.normalizeJson(new String(bytes, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            return error(400, "bad_request", e.getMessage());
        }
        ChannelMessage message = channels.publish(channel, data, Hub.SERVER, TraceParent.traceId(traceparent));
        return Response.status(201).entity(bodies.publishReceipt(channel, message.offset(), message.epoch())).build();
    }

    @GET
    @Path("/{channel}/history")
    public Response history(@PathParam("channel") String channel, @QueryParam("since") String since,
            @QueryParam("limit") String limit) {
        if (!ChannelNames.isValid(channel)) {
            return error(400, "invalid_channel", ChannelNames.RULE);
        }
        Long from = parse(since, 0, Long.MAX_VALUE, 0);
        Long count = parse(limit, 1, JsonCodec.MAX_HISTORY_LIMIT, JsonCodec.DEFAULT_HISTORY_LIMIT);
        if (from == null || count == null) {
            return error(400, "bad_request", "'since' must be a non-negative integer and 'limit' 1 to "
                    + JsonCodec.MAX_HISTORY_LIMIT);
        }
        HistoryRead read = channels.history(channel, from, count.intValue());
        return Response.ok(bodies.history(channel, read.position().epoch(), read.messages(), read.recovered(),
                read.hasMore(from))).build();
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
