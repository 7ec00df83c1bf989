package dev.switchboard.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLayer;
import dev.switchboard.config.ConfigLoader;

/**
 * Inside an application server: the WAR's {@code WEB-INF/switchboard.properties}, if it has one, as the lowest layer
 * of the configuration (environment variables and {@code -Dswitchboard.*} still override it). Excluded from bean
 * discovery when the servlet API is absent (standalone, see {@code META-INF/beans.xml}).
 */
@ApplicationScoped
public class ServletConfigLayer implements ConfigLayer {

    /** Where the settings live inside the WAR. */
    public static final String RESOURCE = "/WEB-INF/switchboard.properties";

    private final Instance<ServletContext> servletContext;

    @Inject
    public ServletConfigLayer(Instance<ServletContext> servletContext) {
        this.servletContext = servletContext;
    }

    /** For CDI proxies only. */
    protected ServletConfigLayer() {
        this.servletContext = null;
    }

    @Override
    public Map<String, String> values() {
        if (!servletContext.isResolvable()) {
            return Map.of();
        }
        try (InputStream in = servletContext.get().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Map.of();
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return ConfigLoader.read(reader, RESOURCE);
            }
        } catch (IOException e) {
            throw new ConfigException(ConfigLoader.CONFIG_FILE_PROPERTY, "cannot read " + RESOURCE + ": "
                    + e.getMessage());
        }
    }
}
