package dev.switchboard.standalone;

import java.util.ArrayList;
import java.util.List;

/**
 * What an embedding application adds to a {@link StandaloneHub}: endpoint, JAX-RS resource and bean classes, all
 * beans of the hub's own container (so they can inject {@code Hub}, {@code Endpoints}), each served by one
 * instance: make them {@code @ApplicationScoped}, keep per-session state in the session. Immutable.
 *
 * @param endpoints classes annotated {@code @ServerEndpoint}, served on the hub's port at the annotation's path
 * @param resources JAX-RS resource or provider classes, served on the hub's port beside its own API
 * @param beans     further bean classes (producers, services, alternatives)
 */
public record EmbeddedApp(List<Class<?>> endpoints, List<Class<?>> resources, List<Class<?>> beans) {

    /** Nothing extra: the hub alone. */
    public static final EmbeddedApp NONE = new EmbeddedApp(List.of(), List.of(), List.of());

    public EmbeddedApp {
        endpoints = List.copyOf(endpoints);
        resources = List.copyOf(resources);
        beans = List.copyOf(beans);
    }

    /** @return these extras plus an annotated {@code @ServerEndpoint} class */
    public EmbeddedApp endpoint(Class<?> endpointClass) {
        return new EmbeddedApp(plus(endpoints, endpointClass), resources, beans);
    }

    /** @return these extras plus a JAX-RS resource (or provider) class */
    public EmbeddedApp resource(Class<?> resourceClass) {
        return new EmbeddedApp(endpoints, plus(resources, resourceClass), beans);
    }

    /** @return these extras plus a bean class */
    public EmbeddedApp bean(Class<?> beanClass) {
        return new EmbeddedApp(endpoints, resources, plus(beans, beanClass));
    }

    /** @return every class that must be a bean of the hub's container */
    Class<?>[] allBeanClasses() {
        List<Class<?>> all = new ArrayList<>(endpoints);
        all.addAll(resources);
        all.addAll(beans);
        return all.stream().distinct().toArray(Class<?>[]::new);
    }

    private static List<Class<?>> plus(List<Class<?>> list, Class<?> added) {
        List<Class<?>> copy = new ArrayList<>(list);
        copy.add(added);
        return copy;
    }
}
