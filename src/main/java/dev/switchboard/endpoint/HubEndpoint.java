package dev.switchboard.endpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.config.HubConfig;
import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.registry.LogContext;
import dev.switchboard.registry.OpenRequest;
import dev.switchboard.support.MonotonicClock;

/**
 * The WebSocket endpoint at {@code /ws}: a thin adapter from {@link Session} callbacks to the registry and the
 * dispatcher. Stateless (the connection rides in the session's user properties), so one instance serves all
 * sessions. Every callback catches what the hub's own code throws: it is logged once with the session id and the
 * connection is closed with 1011, never left half-registered.
 */
@ApplicationScoped
@ServerEndpoint(value = "/ws", configurator = CdiConfigurator.class)
public class HubEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(HubEndpoint.class);
    private static final String CONNECTION = "switchboard.connection";
    /** The longest the rest of an oversize message is read and dropped before closing with 1009 anyway. */
    static final Duration OVERSIZE_DISCARD_LIMIT = Duration.ofSeconds(5);

    private final ConnectionRegistry registry;
    private final RequestDispatcher dispatcher;
    private final HubConfig config;
    private final JsonCodec codec;
    private final MonotonicClock clock;

    @Inject
    public HubEndpoint(ConnectionRegistry registry, RequestDispatcher dispatcher, HubConfig config, JsonCodec codec,
            MonotonicClock clock) {
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.config = config;
        this.codec = codec;
        this.clock = clock;
    }

    /** For CDI proxies only. */
    protected HubEndpoint() {
        this(null, null, null, null, null);
    }

    @OnOpen
    public void onOpen(Session session) {
        HandshakeInfo info = (HandshakeInfo) session.getUserProperties().get(HandshakeInfo.KEY);
        String address = info != null ? info.remoteAddress() : "unknown";
        Optional<Connection> opened = registry.open(new OpenRequest(info != null ? info.user() : null, address,
                info != null ? info.traceId() : null, new SessionTransport(session)));
        if (opened.isEmpty()) {
            closeQuietly(session, CloseCodes.TRY_AGAIN_LATER);
            return;
        }
        Connection c = opened.get();
        try {
            session.getUserProperties().put(CONNECTION, c);
            session.setMaxIdleTimeout(0);
            int max = config.maxMessageBytes();
            session.setMaxTextMessageBufferSize(max);
            session.setMaxBinaryMessageBufferSize(max);
            Runnable tooBig = () -> registry.close(c, CloseCodes.MESSAGE_TOO_BIG, false);
            session.addMessageHandler(String.class, new SizeLimitedTextHandler(max, text -> guarded(c, () ->
                    dispatcher.onText(c, text)), new OversizeMessage(clock, OVERSIZE_DISCARD_LIMIT, tooBig)));
            session.addMessageHandler(ByteBuffer.class, new BinaryRejectingHandler(max, () -> guarded(c, () ->
                    dispatcher.onBinary(c)), new OversizeMessage(clock, OVERSIZE_DISCARD_LIMIT, tooBig)));
            session.addMessageHandler(PongMessage.class, pong -> c.touch(clock.nanoTime()));
            c.send(codec.welcome(c.id(), c.user(), config.heartbeat().toSeconds(), max));
        } catch (RuntimeException e) {
            LOG.error("Opening session {} failed", c.id(), e);
            registry.close(c, CloseCodes.INTERNAL_ERROR, false);
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        Connection c = connection(session);
        if (c != null) {
            registry.transportClosed(c, reason.getCloseCode().getCode());
        }
    }

    @OnError
    public void onError(Session session, Throwable error) {
        Connection c = connection(session);
        if (c == null) {
            return;
        }
        if (error instanceof IOException) {
            LOG.debug("I/O error on session {}: {}", c.id(), error.toString());
            registry.transportClosed(c, 1006);
        } else {
            LOG.warn("Error on session {}", c.id(), error);
            registry.close(c, CloseCodes.INTERNAL_ERROR, false);
        }
    }

    private void guarded(Connection c, Runnable action) {
        try (LogContext log = LogContext.of(c)) {
            action.run();
        } catch (RuntimeException e) {
            LOG.error("Handling a message on session {} failed", c.id(), e);
            registry.close(c, CloseCodes.INTERNAL_ERROR, false);
        }
    }

    private static Connection connection(Session session) {
        return (Connection) session.getUserProperties().get(CONNECTION);
    }

    private static void closeQuietly(Session session, CloseCode code) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), code.reason()));
        } catch (IOException e) {
            LOG.debug("Closing a refused session failed: {}", e.toString());
        }
    }
}
