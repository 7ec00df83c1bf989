package dev.switchboard.endpoint;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.HistoryRead;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.outbox.EnqueueResult;
import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Request;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.support.MonotonicClock;
import dev.switchboard.support.Utf8;

/**
 * Turns one client frame into a reply: parses it, runs the request, and answers bad input with an {@code error}
 * frame while the connection stays open. Runtime exceptions from the hub's own code propagate to the endpoint, which
 * logs them once and closes with 1011. Thread-safe.
 */
@ApplicationScoped
public class RequestDispatcher {

    private final ChannelService channels;
    private final ConnectionRegistry registry;
    private final JsonCodec codec;
    private final HubMetrics metrics;
    private final MonotonicClock clock;

    @Inject
    public RequestDispatcher(ChannelService channels, ConnectionRegistry registry, JsonCodec codec,
            HubMetrics metrics, MonotonicClock clock) {
        this.channels = channels;
        this.registry = registry;
        this.codec = codec;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** For CDI proxies only. */
    protected RequestDispatcher() {
        this(null, null, null, null, null);
    }

    /** A complete text message arrived. */
    public void onText(Connection connection, String text) {
        connection.touch(clock.nanoTime());
        metrics.messageReceived((int) Utf8.length(text));
        try {
            handle(connection, codec.parseRequest(text));
        } catch (ProtocolException e) {
            sendError(connection, e);
        }
    }

    /** A complete binary message arrived: not part of the protocol. */
    public void onBinary(Connection connection) {
        connection.touch(clock.nanoTime());
        sendError(connection, new ProtocolException(ErrorCode.BAD_REQUEST, "Binary frames are not supported", null));
    }

    private void handle(Connection c, Request request) throws ProtocolException {
        if (request instanceof Request.Subscribe s) {
            channels.subscribe(c, s.id(), s.channel(), s.since(), s.epoch());
        } else if (request instanceof Request.Unsubscribe u) {
            channels.unsubscribe(c, u.id(), u.channel());
        } else if (request instanceof Request.Publish p) {
            ChannelMessage m = channels.publish(p.channel(), p.data(), c.user(), c.traceId());
            reply(c, codec.published(p.id(), p.channel(), m.offset()));
        } else if (request instanceof Request.History h) {
            HistoryRead read = channels.history(h.channel(), h.since(), h.limit());
            reply(c, codec.history("history", h.id(), h.channel(), read.position().epoch(), read.messages(),
                    read.recovered()));
        } else if (request instanceof Request.Presence p) {
            reply(c, codec.presence(p.id(), p.channel(), channels.presence(p.channel())));
        } else if (request instanceof Request.Ping p) {
            reply(c, codec.pong(p.id()));
        }
    }

    private void sendError(Connection c, ProtocolException e) {
        metrics.errorSent(e.code().wire());
        reply(c, codec.error(e.requestId(), e.code(), e.getMessage()));
    }

    private void reply(Connection c, String frame) {
        if (c.send(frame) == EnqueueResult.OVERFLOW) {
            registry.closeLater(c, CloseCodes.SLOW_CONSUMER);
        }
    }
}
