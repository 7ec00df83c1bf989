package dev.switchboard.standalone.bridge;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import dev.switchboard.support.Shutdowns;

/**
 * Tyrus's server container without a server of its own: the hub's Grizzly server talks to its engine. Its sessions'
 * scheduler is the hub's {@link TyrusTimer}, stopped with the container.
 */
public final class EmbeddedServerContainer extends TyrusServerContainer {

    private final WebSocketEngine engine;
    private final TyrusTimer timer = new TyrusTimer();

    public EmbeddedServerContainer(int incomingBufferSize) {
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

    @Override
    public ScheduledExecutorService getScheduledExecutorService() {
        return timer;
    }

    @Override
    public void stop() {
        super.stop();
        Shutdowns.stop(timer, Duration.ofSeconds(2), "switchboard-tyrus-timer");
    }
}
