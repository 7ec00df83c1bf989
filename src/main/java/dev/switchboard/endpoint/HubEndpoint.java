package dev.switchboard.endpoint;

import java.nio.ByteBuffer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * The WebSocket endpoint at {@code /ws}, speaking the Switchboard protocol: a thin adapter from {@link Session}
 * callbacks to {@link Endpoints}, its messages through its own {@code @OnMessage} methods. Stateless: one instance
 * serves all sessions. See docs/design-notes.md, "Endpoints and message delivery".
 */
@ApplicationScoped
@ServerEndpoint(value = "/ws", configurator = CdiConfigurator.class)
public class HubEndpoint {

    private final Endpoints endpoints;

    @Inject
    public HubEndpoint(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** For CDI proxies only. */
    protected HubEndpoint() {
        this(null);
    }

    @OnOpen
    public void onOpen(Session session) {
        endpoints.openProtocol(session, Endpoints.Delivery.ON_MESSAGE);
    }

    @OnMessage
    public void onText(Session session, String part, boolean last) {
        endpoints.onText(session, part, last);
    }

    @OnMessage
    public void onBinary(Session session, ByteBuffer part, boolean last) {
        endpoints.onBinary(session, part, last);
    }

    @OnMessage
    public void onPong(Session session, PongMessage pong) {
        endpoints.onPong(session, pong);
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        endpoints.closed(session, reason);
    }

    @OnError
    public void onError(Session session, Throwable error) {
        endpoints.error(session, error);
    }
}
