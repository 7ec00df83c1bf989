package dev.switchboard.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

/** Produces the hub's one {@link HubConfig}. */
@ApplicationScoped
public class ConfigProducer {

    private final Instance<ConfigSupplier> supplied;

    @Inject
    public ConfigProducer(Instance<ConfigSupplier> supplied) {
        this.supplied = supplied;
    }

    /** For CDI proxies only. */
    protected ConfigProducer() {
        this.supplied = null;
    }

    @Produces
    @Singleton
    public HubConfig config() {
        return supplied.isResolvable() ? supplied.get().config() : ConfigLoader.load();
    }
}
