package dev.switchboard.standalone.bridge;

import java.util.List;

import jakarta.enterprise.inject.Instance;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.tyrus.core.AnnotatedEndpoint;
import org.glassfish.tyrus.core.ComponentProviderService;
import org.glassfish.tyrus.core.ErrorCollector;
import org.jboss.weld.proxy.WeldClientProxy;

/**
 * Registers an embedding application's {@code @ServerEndpoint} class bound to one hub's CDI container: its bean
 * runs in Tyrus's annotated-endpoint adapter, its {@code @On…} methods as in a server, its handshakes through
 * admission. See docs/design-notes.md, "Endpoints bound to one hub's container".
 */
public final class BoundAppEndpoint {

    private BoundAppEndpoint() {
    }

    /**
     * @return the registration of {@code endpointClass} at its annotated path, served by its bean in {@code beans}
     * @throws DeploymentException if the class is not a valid annotated server endpoint
     */
    public static ServerEndpointConfig config(Instance<Object> beans, PendingUpgrades bridges, Class<?> endpointClass,
            int incomingBufferSize) throws DeploymentException {
        ServerEndpoint annotation = endpointClass.getAnnotation(ServerEndpoint.class);
        if (annotation == null) {
            throw new DeploymentException(endpointClass.getName() + " is not annotated @ServerEndpoint");
        }
        // Tyrus reads the annotations off the instance's class: the client proxy's class has none.
        Object instance = unproxied(beans.select(endpointClass).get());
        ErrorCollector errors = new ErrorCollector();
        AnnotatedEndpoint endpoint = AnnotatedEndpoint.fromInstance(instance, ComponentProviderService.create(), true,
                incomingBufferSize, errors);
        if (!errors.isEmpty()) {
            throw errors.composeComprehensiveException();
        }
        return ServerEndpointConfig.Builder.create(AnnotatedEndpoint.class, annotation.value())
                .subprotocols(List.of(annotation.subprotocols()))
                .configurator(new BridgingConfigurator(beans, bridges, () -> endpoint))
                .build();
    }

    /** @return the object behind a CDI client proxy (JAX-RS, too, reads annotations off the instance's class) */
    public static Object unproxied(Object bean) {
        return bean instanceof WeldClientProxy proxy ? proxy.getMetadata().getContextualInstance() : bean;
    }
}
