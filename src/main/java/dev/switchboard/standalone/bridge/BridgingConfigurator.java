package dev.switchboard.standalone.bridge;

import java.util.function.Supplier;

import jakarta.enterprise.inject.Instance;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.switchboard.config.AuthSettings;
import dev.switchboard.config.HubConfig;
import dev.switchboard.endpoint.CdiConfigurator;
import dev.switchboard.endpoint.FrameSink;
import dev.switchboard.metrics.HubMetrics;

/**
 * The standalone hub's endpoint configurator: the {@link CdiConfigurator} bound to one hub's container, serving a
 * given endpoint instance, and offering each accepted session its {@link BridgedConnection} as the
 * {@link FrameSink} (the per-handshake user properties become the session's); under {@code auth.mode=mtls} the
 * user is the client certificate's CN ({@link MutualTlsLogin}).
 */
final class BridgingConfigurator extends CdiConfigurator {

    private final Instance<Object> beans;
    private final PendingUpgrades bridges;
    private final Supplier<Object> endpoint;
    private final TyrusHandshakeRefusal refusal = new TyrusHandshakeRefusal();

    /** @param endpoint makes the endpoint instance for a new session */
    BridgingConfigurator(Instance<Object> beans, PendingUpgrades bridges, Supplier<Object> endpoint) {
        super(beans, new TyrusHandshakeRefusal());
        this.beans = beans;
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
        if (beans.select(HubConfig.class).get().auth().mode() == AuthSettings.Mode.MTLS) {
            new MutualTlsLogin(beans.select(HubMetrics.class).get(), refusal).login(config, request, response);
        }
        BridgedConnection connection = bridges.find(request);
        if (connection != null) {
            config.getUserProperties().put(FrameSink.USER_PROPERTY, connection);
        }
    }
}
