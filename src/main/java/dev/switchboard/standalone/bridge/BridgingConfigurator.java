package dev.switchboard.standalone.bridge;

import java.util.function.Supplier;

import jakarta.enterprise.inject.Instance;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.switchboard.endpoint.CdiConfigurator;
import dev.switchboard.endpoint.FrameSink;

/**
 * The standalone hub's endpoint configurator: the {@link CdiConfigurator} bound to one hub's container, serving a
 * given endpoint instance, and offering each accepted session its {@link BridgedConnection} as the
 * {@link FrameSink} (the per-handshake user properties become the session's).
 */
final class BridgingConfigurator extends CdiConfigurator {

    private final PendingUpgrades bridges;
    private final Supplier<Object> endpoint;

    /** @param endpoint makes the endpoint instance for a new session */
    BridgingConfigurator(Instance<Object> beans, PendingUpgrades bridges, Supplier<Object> endpoint) {
        super(beans, new TyrusHandshakeRefusal());
        this.bridges = bridges;
        this.endpoint = endpoint;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(endpoint.get());
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(config, request, response);
        BridgedConnection connection = bridges.find(request);
        if (connection != null) {
            config.getUserProperties().put(FrameSink.USER_PROPERTY, connection);
        }
    }
}
