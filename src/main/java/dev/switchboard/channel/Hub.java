package dev.switchboard.channel;

import java.time.Clock;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.slf4j.MDC;

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
    private final Broker broker;

    @Inject
    public Hub(ChannelService channels, ConnectionRegistry registry, JsonCodec codec, Broker broker) {
        this.channels = channels;
        this.registry = registry;
        this.codec = codec;
        this.broker = broker;
    }

    /** For CDI proxies only. */
    protected Hub() {
        this.channels = null;
        this.registry = null;
        this.codec = null;
        this.broker = null;
    }

    /**
     * Publishes a JSON document to a channel's subscribers and history.
     *
     * @param channel a channel name (1–128 of {@code [A-Za-z0-9_.:@-]})
     * @param json    any JSON value, as text
     * With {@code engine=redis} this waits for Redis, at most about {@code redis.command.timeout.ms}: call
     * {@link #publishAsync} from a thread that must not wait.
     *
     * @return the message as numbered (offset, epoch)
     * @throws IllegalArgumentException    if the channel name or the JSON is invalid
     * @throws EngineUnavailableException when the engine (Redis) refused the publish: it did not happen
     */
    public ChannelMessage publish(String channel, String json) {
        try {
            return publishAsync(channel, json).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * As {@link #publish}, without waiting: the stage completes with the numbered message, or fails with
     * {@link EngineUnavailableException}. Complete on return with the memory engine.
     *
     * @throws IllegalArgumentException if the channel name or the JSON is invalid
     */
    public CompletionStage<ChannelMessage> publishAsync(String channel, String json) {
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
     * Sends a JSON document to every open connection of a user, as
     * {@code {"type":"direct","data":…,"from":"server","time":…}}: on this node, and on every other node through a
     * shared engine (fire and forget).
     *
     * @return the number of connections on this node it was queued for
     */
    public int sendToUser(String user, String json) {
        OutboundFrame frame = codec.frame(new Push.Direct(normalize(json), SERVER, Clock.systemUTC().millis()));
        broker.sendToUser(user, frame.text());
        return registry.sendToUser(user, frame);
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

