package dev.switchboard.channel;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.slf4j.MDC;

import dev.switchboard.outbox.EnqueueResult;
import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.ChannelNames;
import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Push;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.registry.LogContext;

/**
 * The hub as an enterprise application uses it: {@code @Inject Hub hub; hub.publish("orders:42", json);}. Sends as
 * {@code "from":"server"}, carrying the trace id of the caller's logging context ({@code trace_id}). Thread-safe;
 * never blocks on a peer.
 */
@ApplicationScoped
public class Hub {

    /** The {@code from} of messages the server publishes. */
    public static final String SERVER = "server";

    private final ChannelService channels;
    private final ConnectionRegistry registry;
    private final JsonCodec codec;

    @Inject
    public Hub(ChannelService channels, ConnectionRegistry registry, JsonCodec codec) {
        this.channels = channels;
        this.registry = registry;
        this.codec = codec;
    }

    /** For CDI proxies only. */
    protected Hub() {
        this.channels = null;
        this.registry = null;
        this.codec = null;
    }

    /**
     * Publishes a JSON document to a channel's subscribers and history.
     *
     * @param channel a channel name (1–128 of {@code [A-Za-z0-9_.:@-]})
     * @param json    any JSON value, as text
     * @return the message as numbered (offset, epoch)
     * @throws IllegalArgumentException if the channel name or the JSON is invalid
     */
    public ChannelMessage publish(String channel, String json) {
        if (!ChannelNames.isValid(channel)) {
            throw new IllegalArgumentException("Invalid channel name: " + channel);
        }
        return channels.publish(channel, normalize(json), SERVER, MDC.get(LogContext.TRACE_ID));
    }

    /**
     * Subscribes a connection to a channel on the server's initiative, e.g. from an application's {@code @OnOpen}:
     * it then receives every message published to the channel as a {@code message} frame. No reply is sent.
     * Idempotent; a closed connection is ignored by the registry.
     *
     * @throws IllegalArgumentException if the channel name is invalid
     */
    public void subscribe(Connection connection, String channel) {
        if (!ChannelNames.isValid(channel)) {
            throw new IllegalArgumentException("Invalid channel name: " + channel);
        }
        channels.subscribe(connection, channel);
    }

    /**
     * Sends a JSON document to every open connection of a user on this node, as
     * {@code {"type":"direct","data":…,"from":"server","time":…}}.
     *
     * @return the number of connections it was queued for
     */
    public int sendToUser(String user, String json) {
        OutboundFrame frame = codec.frame(new Push.Direct(normalize(json), SERVER, Clock.systemUTC().millis()));
        int sent = 0;
        for (Connection c : registry.byUser(user)) {
            EnqueueResult result = c.send(frame);
            if (result == EnqueueResult.ACCEPTED) {
                sent++;
            } else if (result == EnqueueResult.OVERFLOW) {
                registry.closeLater(c, CloseCodes.SLOW_CONSUMER);
            }
        }
        return sent;
    }

    private String normalize(String json) {
        try {
            return codec.normalizeJson(json);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage() + " (" + ErrorCode.BAD_REQUEST.wire() + ")");
        }
    }

    /**
     * Closes every connection of {@code user} with {@code code} (e.g. {@code CloseCodes.UNAUTHORIZED} after the
     * user's access was revoked). Never blocks: the closes are handed to the send pool.
     *
     * @return the connections being closed
     */
    public int disconnectUser(String user, CloseCode code) {
        int closed = 0;
        for (Connection c : registry.byUser(user)) {
            registry.closeLater(c, code);
            closed++;
        }
        return closed;
    }
}

