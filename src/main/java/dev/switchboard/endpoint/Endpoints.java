package dev.switchboard.endpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.config.HubConfig;
import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.registry.LogContext;
import dev.switchboard.registry.OpenRequest;
import dev.switchboard.support.MonotonicClock;

/**
 * The hub's session handling for any {@code @ServerEndpoint}: registry, outbox, heartbeat, size limit, shutdown
 * drain. Called from the endpoint's callbacks; send with {@link Connection#send}, never through the session (the
 * outbox is its one writer). Thread-safe; never blocks. See docs/design-notes.md, "Endpoints and message delivery".
 */
@ApplicationScoped
public class Endpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);
    private static final String CONNECTION = "switchboard.connection";
    /** The longest the rest of an oversize message is read and dropped before closing with 1009 anyway. */
    static final Duration OVERSIZE_DISCARD_LIMIT = Duration.ofSeconds(5);

    private final ConnectionRegistry registry;
    private final RequestDispatcher dispatcher;
    private final HubConfig config;
    private final MonotonicClock clock;
    private final AtomicBoolean sendModeLogged = new AtomicBoolean();
    private final TyrusRawFrames tyrusRawFrames;

    @Inject
    public Endpoints(ConnectionRegistry registry, RequestDispatcher dispatcher, HubConfig config,
            MonotonicClock clock) {
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.config = config;
        this.clock = clock;
        this.tyrusRawFrames = config == null ? null : new TyrusRawFrames(config.outbox().batchFrames());
    }

    /** For CDI proxies only. */
    protected Endpoints() {
        this(null, null, null, null);
    }

    /** How a session's messages reach the hub. */
    public enum Delivery {
        /** {@code open} registers message handlers on the session: for programmatic endpoints. */
        HANDLERS,
        /**
         * The endpoint's own {@code @OnMessage} methods pass every message part to {@link #onText}, {@link #onBinary}
         * and {@link #onPong}: for annotated endpoints. Their {@code @OnMessage} methods are wired before the
         * container reads the first frame, while a handler added in {@code @OnOpen} may come too late: Undertow
         * (WildFly) runs an annotated {@code @OnOpen} on a worker thread and already reads, dropping messages that
         * find no handler.
         */
        ON_MESSAGE
    }

    /**
     * Opens a connection for an application's own protocol: every complete text message goes to {@code listener}
     * (each one counts as activity for the heartbeat). A binary message closes the connection with 1003. No frame
     * is sent to the client.
     *
     * @return the connection, or empty if the hub refused it (over capacity or draining: the session is then
     *         closed with 1013)
     */
    public Optional<Connection> open(Session session, TextListener listener) {
        return open(session, listener, Delivery.HANDLERS);
    }

    /** As {@link #open(Session, TextListener)}, with the messages delivered as {@code delivery} says. */
    public Optional<Connection> open(Session session, TextListener listener, Delivery delivery) {
        return open(session, listener, false, delivery);
    }

    /**
     * Opens a connection that speaks the Switchboard protocol (subscribe, publish, history…): sends the
     * {@code welcome} frame and dispatches every message. This is what {@link HubEndpoint} does at {@code /ws}.
     *
     * @return the connection, or empty if the hub refused it (the session is then closed with 1013)
     */
    public Optional<Connection> openProtocol(Session session) {
        return openProtocol(session, Delivery.HANDLERS);
    }

    /** As {@link #openProtocol(Session)}, with the messages delivered as {@code delivery} says. */
    public Optional<Connection> openProtocol(Session session, Delivery delivery) {
        return open(session, dispatcher::onText, true, delivery);
    }

    /** A part of a text message, from an endpoint's {@code @OnMessage} ({@link Delivery#ON_MESSAGE}). */
    public void onText(Session session, String part, boolean last) {
        SessionHandlers in = SessionHandlers.of(session);
        if (in != null) {
            in.text().onMessage(part, last);
        }
    }

    /** A part of a binary message, from an endpoint's {@code @OnMessage} ({@link Delivery#ON_MESSAGE}). */
    public void onBinary(Session session, ByteBuffer part, boolean last) {
        SessionHandlers in = SessionHandlers.of(session);
        if (in != null) {
            in.binary().onMessage(part, last);
        }
    }

    /** A pong, from an endpoint's {@code @OnMessage} ({@link Delivery#ON_MESSAGE}). */
    public void onPong(Session session, PongMessage pong) {
        SessionHandlers in = SessionHandlers.of(session);
        if (in != null) {
            in.pong().onMessage(pong);
        }
    }

    private Optional<Connection> open(Session session, TextListener listener, boolean protocol, Delivery delivery) {
        // Read once, here: the session need not keep it (its user, identity and address go to the Connection).
        HandshakeInfo info = (HandshakeInfo) session.getUserProperties().remove(HandshakeInfo.KEY);
        String address = info != null ? info.remoteAddress() : "unknown";
        Optional<Connection> opened = registry.open(new OpenRequest(info != null ? info.user() : null, address,
                info != null ? info.traceId() : null, transport(session),
                info != null ? info.identity() : null));
        if (opened.isEmpty()) {
            closeQuietly(session, CloseCodes.TRY_AGAIN_LATER);
            return opened;
        }
        Connection c = opened.get();
        try {
            session.getUserProperties().put(CONNECTION, c);
            session.setMaxIdleTimeout(0);
            int max = config.limits().maxMessageBytes();
            session.setMaxTextMessageBufferSize(max);
            session.setMaxBinaryMessageBufferSize(max);
            Runnable tooBig = () -> registry.close(c, CloseCodes.MESSAGE_TOO_BIG, false);
            TextListener onText = protocol ? listener : (conn, text) -> {
                conn.touch(clock.nanoTime());
                listener.onText(conn, text);
            };
            Runnable onBinary = protocol ? () -> dispatcher.onBinary(c)
                    : () -> registry.close(c, CloseCodes.UNSUPPORTED_DATA, false);
            new SessionHandlers(new SizeLimitedTextHandler(max, text -> guarded(c, () -> onText.onText(c, text)),
                    new OversizeMessage(clock, OVERSIZE_DISCARD_LIMIT, tooBig)),
                    new BinaryRejectingHandler(max, () -> guarded(c, onBinary),
                            new OversizeMessage(clock, OVERSIZE_DISCARD_LIMIT, tooBig)),
                    pong -> c.touch(clock.nanoTime())).attach(session, delivery);
            if (protocol) {
                dispatcher.welcome(c, config.heartbeat().interval().toSeconds(), max);
            }
        } catch (RuntimeException e) {
            LOG.error("Opening session {} failed", c.id(), e);
            registry.close(c, CloseCodes.INTERNAL_ERROR, false);
        }
        return opened;
    }

    /** The container closed the session ({@code @OnClose}): the registry forgets it. Idempotent. */
    public void closed(Session session, CloseReason reason) {
        Connection c = connection(session).orElse(null);
        if (c != null) {
            registry.transportClosed(c, reason.getCloseCode().getCode());
        }
    }

    /** The container reported an error ({@code @OnError}): I/O errors end the connection as 1006, the rest as 1011. */
    public void error(Session session, Throwable error) {
        Connection c = connection(session).orElse(null);
        if (c == null) {
            return;
        }
        if (error instanceof IOException) {
            LOG.debug("I/O error on session {}: {}", c.id(), error.toString());
            registry.transportClosed(c, CloseCodes.ABNORMAL_CLOSURE.code());
        } else {
            LOG.warn("Error on session {}", c.id(), error);
            registry.close(c, CloseCodes.INTERNAL_ERROR, false);
        }
    }

    /**
     * The session's transport: the runtime's own sink (the standalone hub), else raw frames through Tyrus where
     * the container is Tyrus ({@code send.raw.frames}), else the container's sends. The first session without the
     * runtime's sink logs which way the hub sends and why.
     */
    private SessionTransport transport(Session session) {
        FrameSink sink = sink(session);
        boolean ownSink = sink != null;
        if (sink == null && config.outbox().rawFrames()) {
            sink = tyrusRawFrames.sink(session);
        }
        SessionTransport transport = new SessionTransport(session, sink, config.outbox().batchFrames());
        if (!ownSink && sendModeLogged.compareAndSet(false, true)) {
            if (sink != null) {
                LOG.info("Sending through the container's Tyrus WebSocket: up to {} queued frame(s) per write as "
                        + "raw frames encoded once (send.raw.frames=true, send.batch.frames={})",
                        transport.maxFramesPerWrite(), config.outbox().batchFrames());
            } else {
                LOG.info("Sending through the container's WebSocket sessions: up to {} queued frame(s) per send "
                        + "(send.batch.frames={}; batching is used only where the container reports it; raw "
                        + "frames: {})", transport.maxFramesPerWrite(), config.outbox().batchFrames(),
                        config.outbox().rawFrames() ? tyrusRawFrames.whyNot(session) : "send.raw.frames=false");
            }
        }
        return transport;
    }

    /** @return the runtime's direct frame writer for this session ({@link FrameSink#USER_PROPERTY}), or null */
    private static FrameSink sink(Session session) {
        return session.getUserProperties().get(FrameSink.USER_PROPERTY) instanceof FrameSink sink ? sink : null;
    }

    /** @return the connection {@link #open} made for this session, if any */
    public static Optional<Connection> connection(Session session) {
        return Optional.ofNullable((Connection) session.getUserProperties().get(CONNECTION));
    }

    private void guarded(Connection c, Runnable action) {
        try (LogContext log = LogContext.of(c)) {
            action.run();
        } catch (RuntimeException e) {
            LOG.error("Handling a message on session {} failed", c.id(), e);
            registry.close(c, CloseCodes.INTERNAL_ERROR, false);
        }
    }

    private static void closeQuietly(Session session, CloseCode code) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), code.reason()));
        } catch (IOException e) {
            LOG.debug("Closing a refused session failed: {}", e.toString());
        }
    }
}
