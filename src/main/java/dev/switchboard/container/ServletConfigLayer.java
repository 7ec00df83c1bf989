package dev.switchboard.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.ServletContext;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLayer;
import dev.switchboard.config.ConfigLoader;

/**
 * Inside an application server: the WAR's {@code WEB-INF/switchboard.properties}, if any, as the lowest
 * configuration layer (env and {@code -Dswitchboard.*} override it), loaded by {@link ContainerLifecycle} at
 * start. Thread-safe. See docs/design-notes.md, "Starting and stopping inside an application server".
 */
@ApplicationScoped
public class ServletConfigLayer implements ConfigLayer {

    /** Where the settings live inside the WAR. */
    public static final String RESOURCE = "/WEB-INF/switchboard.properties";

    private final AtomicReference<Map<String, String>> values = new AtomicReference<>(Map.of());

    /** Reads {@link #RESOURCE} from the application; fails with {@link ConfigException} naming a bad key. */
    void load(ServletContext context) {
        try (InputStream in = context.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return;
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                values.set(ConfigLoader.read(reader, RESOURCE));
            }
        } catch (IOException e) {
            throw new ConfigException(ConfigLoader.CONFIG_FILE_PROPERTY, "cannot read " + RESOURCE + ": "
                    + e.getMessage());
        }
    }

    @Override
    public Map<String, String> values() {
        return values.get();
    }
}
