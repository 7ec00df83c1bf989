package dev.switchboard.standalone;

import jakarta.enterprise.inject.spi.Extension;

import dev.switchboard.config.ConfigSupplier;
import dev.switchboard.config.HubConfig;

/** A CDI extension that hands the configuration the hub was started with to the container. */
final class ProvidedConfig implements Extension, ConfigSupplier {

    private final HubConfig config;

    ProvidedConfig(HubConfig config) {
        this.config = config;
    }

    @Override
    public HubConfig config() {
        return config;
    }
}
