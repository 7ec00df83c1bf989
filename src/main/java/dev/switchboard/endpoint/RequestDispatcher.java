package dev.switchboard.endpoint;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.admission.ChannelAction;
import dev.switchboard.admission.ChannelPermissions;
import dev.switchboard.admission.MessageRateLimiter;
import dev.switchboard.admission.RateVerdict;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.EngineUnavailableException;
import dev.switchboard.channel.HistoryRead;
import dev.switchboard.channel.SubscribeResult;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.outbox.EnqueueResult;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Reply;
import dev.switchboard.protocol.Request;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.support.MonotonicClock;
import dev.switchboard.support.Utf8;

/**
 * Owns every WebSocket reply: parses a client frame, runs the request and queues its answer; bad input gets an
 * {@code error} frame and the connection stays open; a request over the connection's rate limits gets
 * {@code rate_limited} and is not run ({@link MessageRateLimiter}). Thread-safe; never blocks on a peer. Runtime
 * exceptions from the hub's own code propagate to the calling endpoint, which logs them once and closes with 1011.
 */
@ApplicationScoped
public class RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final ChannelService channels;
    private final ConnectionRegistry registry;
    private final JsonCodec codec;
    private final HubMetrics metrics;
    private final MonotonicClock clock;
    private final TokenRefresh refresh;
    private final ChannelPermissions permissions;
    private final MessageRateLimiter rates;

    @Inject
    public RequestDispatcher(ChannelService channels, ConnectionRegistry registry, JsonCodec codec,
            HubMetrics metrics, MonotonicClock clock, TokenRefresh refresh, ChannelPermissions permissions,
            MessageRateLimiter rates) {
        this.refresh = refresh;
        this.permissions = permissions;
        this.channels = channels;
        this.registry = registry;
        this.codec = codec;
        this.metrics = metrics;
        this.clock = clock;
        this.rates = rates;
    }

    /** For CDI proxies only. */
    protected RequestDispatcher() {
        this(null, null, null, null, null, null, null, null);
    }

    /** Sends {@code welcome}, the first frame of a protocol connection. */
    public void welcome(Connection connection, long heartbeatSeconds, int maxMessageBytes) {
        reply(connection, new Reply.Welcome(connection.id(), connection.user(), heartbeatSeconds, maxMessageBytes));
    }

    /** A complete text message arrived. */
    public void onText(Connection connection, String text) {
        connection.touch(clock.nanoTime());
        int bytes = (int) Utf8.length(text);
        metrics.messageReceived(bytes);
        RateVerdict verdict = rates.admit(connection, bytes);
        if (verdict.close()) {
            metrics.rateLimited(verdict.kind());
            registry.close(connection, CloseCodes.RATE_LIMITED, false);
            return;
        }
        CompletionStage<Void> previous = connection.lastRequest();
        if (previous.toCompletableFuture().isDone()) {
            // The usual case (always in memory): run now, on this thread, as before.
            connection.lastRequest(respond(connection, text, verdict));
        } else {
            // An earlier request still waits for the engine: this one runs after it, so replies keep their order.
            connection.lastRequest(previous.thenCompose(done -> respondSafely(connection, text, verdict)));
        }
    }

    /** Runs one request and queues its reply; the stage completes once the reply is queued. */
    private CompletionStage<Void> respond(Connection connection, String text, RateVerdict verdict) {
        if (!verdict.accepted()) {
            // Not run, so not parsed: only its id is read, to be echoed in the refusal.
            refuse(connection, codec.requestIdOf(text), verdict);
            return DONE;
        }
        try {
            return handle(connection, codec.parseRequest(text));
        } catch (ProtocolException e) {
            sendError(connection, e);
        }
        return DONE;
    }

    /** {@link #respond} off the reading thread: an unexpected failure is logged and closes with 1011. */
    private CompletionStage<Void> respondSafely(Connection connection, String text, RateVerdict verdict) {
        try {
            return respond(connection, text, verdict).exceptionally(error -> null);
        } catch (RuntimeException e) {
            LOG.error("Request failed on connection {}", connection.id(), e);
            registry.closeLater(connection, CloseCodes.INTERNAL_ERROR);
            return DONE;
        }
    }

    private void refuse(Connection c, RequestId id, RateVerdict verdict) {
        metrics.rateLimited(verdict.kind());
        metrics.errorSent(ErrorCode.RATE_LIMITED.wire());
        String message = "message".equals(verdict.kind()) ? "Too many requests" : "Too many bytes";
        reply(c, new Reply.Error(id, ErrorCode.RATE_LIMITED, message + ", slow down", verdict.retryAfterMs()));
    }

    /** A complete binary message arrived: not part of the protocol. */
    public void onBinary(Connection connection) {
        connection.touch(clock.nanoTime());
        // Counted as a message of no bytes (its size is not known here): a binary flood is limited like any other.
        RateVerdict verdict = rates.admit(connection, 0);
        if (verdict.close()) {
            metrics.rateLimited(verdict.kind());
            registry.close(connection, CloseCodes.RATE_LIMITED, false);
        } else if (!verdict.accepted()) {
            refuse(connection, RequestId.NONE, verdict);
        } else {
            sendError(connection, new ProtocolException(ErrorCode.BAD_REQUEST, "Binary frames are not supported",
                    null));
        }
    }

    private CompletionStage<Void> handle(Connection c, Request request) throws ProtocolException {
        if (request instanceof Request.Subscribe s) {
            authorize(c, ChannelAction.SUBSCRIBE, s.channel(), s.id());
            // The reply goes out under the channel's lock, ahead of the replay and of every live message.
            return channels.subscribe(c, s.channel(), s.since(), s.epoch(),
                    started -> reply(c, subscribed(s, started))).handle((result, error) -> failed(c, s.id(), error));
        } else if (request instanceof Request.Unsubscribe u) {
            if (!channels.unsubscribe(c, u.channel())) {
                throw new ProtocolException(ErrorCode.NOT_SUBSCRIBED, "Not subscribed to " + u.channel(), u.id());
            }
            reply(c, new Reply.Unsubscribed(u.id(), u.channel()));
        } else if (request instanceof Request.Publish p) {
            authorize(c, ChannelAction.PUBLISH, p.channel(), p.id());
            return channels.publish(p.channel(), p.data(), c.user(), c.traceId()).handle((m, error) -> error == null
                    ? reply(c, new Reply.Published(p.id(), p.channel(), m.offset())) : failed(c, p.id(), error));
        } else if (request instanceof Request.History h) {
            authorize(c, ChannelAction.HISTORY, h.channel(), h.id());
            return channels.history(h.channel(), h.since(), h.limit()).handle((read, error) -> error == null
                    ? reply(c, history(h, read)) : failed(c, h.id(), error));
        } else if (request instanceof Request.Presence p) {
            authorize(c, ChannelAction.PRESENCE, p.channel(), p.id());
            return channels.presence(p.channel()).handle((users, error) -> error == null
                    ? reply(c, new Reply.Presence(p.id(), p.channel(), users)) : failed(c, p.id(), error));
        } else if (request instanceof Request.Ping p) {
            reply(c, new Reply.Pong(p.id()));
        } else if (request instanceof Request.Refresh r) {
            reply(c, refresh.refresh(c, r));
        }
        return DONE;
    }

    /** @throws ProtocolException {@code forbidden} when the connection may not do {@code action} on the channel */
    private void authorize(Connection c, ChannelAction action, String channel, RequestId id)
            throws ProtocolException {
        if (!permissions.allows(c.identity(), action, channel)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN,
                    "Not allowed to " + action.name().toLowerCase(Locale.ROOT) + " on " + channel, id);
        }
    }

    private static Reply.History history(Request.History h, HistoryRead read) {
        return new Reply.History(h.id(), h.channel(), read.position().epoch(), read.messages(), read.recovered(),
                read.hasMore(h.since()));
    }

    /**
     * Answers a request the engine could not run: {@code unavailable} when it refused (it had no effect),
     * {@code internal} otherwise (logged once). Nothing when {@code error} is null.
     */
    private Void failed(Connection c, RequestId id, Throwable error) {
        if (error == null) {
            return null;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof EngineUnavailableException) {
            metrics.errorSent(ErrorCode.UNAVAILABLE.wire());
            reply(c, new Reply.Error(id, ErrorCode.UNAVAILABLE, "The hub cannot do this now, try again"));
        } else {
            LOG.error("Request failed on connection {}", c.id(), cause);
            metrics.errorSent(ErrorCode.INTERNAL.wire());
            reply(c, new Reply.Error(id, ErrorCode.INTERNAL, "Internal error"));
        }
        return null;
    }

    private static Reply.Subscribed subscribed(Request.Subscribe s, SubscribeResult started) {
        return new Reply.Subscribed(s.id(), s.channel(), started.position().offset(), started.position().epoch(),
                started.recovered());
    }

    private void sendError(Connection c, ProtocolException e) {
        metrics.errorSent(e.code().wire());
        reply(c, new Reply.Error(e.requestId(), e.code(), e.getMessage()));
    }

    private Void reply(Connection c, Reply reply) {
        if (c.send(codec.frame(reply)) == EnqueueResult.OVERFLOW) {
            // Never close inline: the close path takes other locks (a subscribe reply is sent under a channel's).
            registry.closeLater(c, CloseCodes.SLOW_CONSUMER);
        }
        return null;
    }
}
