package dev.switchboard.config;

import java.util.Map;

/**
 * The lowest-priority layer of settings a runtime brings along, below the file, environment and system properties:
 * inside an application server, the application's {@code WEB-INF/switchboard.properties}. Used by
 * {@link ConfigProducer} when no {@link ConfigSupplier} hands over a ready-made configuration.
 */
public interface ConfigLayer {

    /** @return key/value pairs (empty when there is nothing to add); unknown keys fail with {@link ConfigException} */
    Map<String, String> values();
}
