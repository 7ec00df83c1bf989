package dev.switchboard.standalone;

import java.util.Set;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/** Tyrus's server container without a server of its own: the hub's Grizzly server talks to its engine. */
final class EmbeddedServerContainer extends TyrusServerContainer {

    private final WebSocketEngine engine;

    EmbeddedServerContainer(int incomingBufferSize) {
        super((Set<Class<?>>) null);
        this.engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, "/");
    }

    @Override
    public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
        engine.register(serverEndpointConfig, "/");
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }
}
