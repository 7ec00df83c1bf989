package example;

import java.util.Set;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The WebSocket endpoints of the example's WAR: only {@link ChatEndpoint}. With this class in the WAR the container
 * deploys what it returns and nothing else, so the library's own {@code HubEndpoint} ({@code /ws}) is left out.
 * The classes are named rather than filtered from {@code scanned}, whose content differs between containers.
 */
public class ChatEndpoints implements ServerApplicationConfig {

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of(ChatEndpoint.class);
    }

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Set.of();
    }
}
