package dev.switchboard.standalone.bridge;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.inject.Instance;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.switchboard.endpoint.HubEndpoint;

/**
 * {@link HubEndpoint} of one hub's own CDI container, as a programmatic endpoint, so that several hubs in one JVM
 * each serve their own sockets. Stateless; forwards every session callback to the hub's endpoint.
 * See docs/design-notes.md, "Endpoints bound to one hub's container".
 */
public final class BoundHubEndpoint extends Endpoint {

    private final HubEndpoint delegate;

    private BoundHubEndpoint(HubEndpoint delegate) {
        this.delegate = delegate;
    }

    /**
     * @return the endpoint registration for a hub whose beans live in {@code beans}; every session shares one
     *         instance, made at the first handshake (the hub's endpoint is looked up once)
     */
    public static ServerEndpointConfig config(Instance<Object> beans, PendingUpgrades bridges) {
        AtomicReference<BoundHubEndpoint> shared = new AtomicReference<>();
        return ServerEndpointConfig.Builder.create(BoundHubEndpoint.class, "/ws")
                .configurator(new BridgingConfigurator(beans, bridges, () -> shared.updateAndGet(
                        made -> made != null ? made : new BoundHubEndpoint(beans.select(HubEndpoint.class).get()))))
                .build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        // A programmatic endpoint gets messages only through handlers: they forward to the annotated methods.
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) (part, last) ->
                delegate.onText(session, part, last));
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (part, last) ->
                delegate.onBinary(session, part, last));
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong ->
                delegate.onPong(session, pong));
        delegate.onOpen(session);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        delegate.onClose(session, reason);
    }

    @Override
    public void onError(Session session, Throwable error) {
        delegate.onError(session, error);
    }
}
