package dev.switchboard.config;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

/** Produces the hub's one {@link HubConfig}. */
@ApplicationScoped
public class ConfigProducer {

    private final Instance<ConfigSupplier> supplied;
    private final Instance<ConfigLayer> layers;

    @Inject
    public ConfigProducer(Instance<ConfigSupplier> supplied, Instance<ConfigLayer> layers) {
        this.supplied = supplied;
        this.layers = layers;
    }

    /** For CDI proxies only. */
    protected ConfigProducer() {
        this.supplied = null;
        this.layers = null;
    }

    /**
     * @return the supplied configuration (standalone), else one loaded from the runtime's resource layer (in an
     *         application server), the file, the environment and system properties
     */
    @Produces
    @Singleton
    public HubConfig config() {
        if (supplied.isResolvable()) {
            return supplied.get().config();
        }
        Map<String, String> base = layers.isResolvable() ? layers.get().values() : Map.of();
        return ConfigLoader.load(System.getenv(), System.getProperties(), base);
    }
}
