package dev.switchboard.config;

/**
 * Hands a ready-made {@link HubConfig} to the CDI container. The standalone runtime registers one (as a CDI
 * extension) so that each embedded hub uses the configuration it was started with; without one, the configuration
 * is loaded from the file, environment and system properties.
 */
public interface ConfigSupplier {

    /** @return the configuration to use */
    HubConfig config();
}
