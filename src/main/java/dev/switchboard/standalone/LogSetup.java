package dev.switchboard.standalone;

import java.net.URL;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;

import dev.switchboard.config.LogFormat;

/**
 * Chooses the standalone log format: {@code logback.xml} (JSON lines) is the default Logback loads; for
 * {@link LogFormat#TEXT} the context is reconfigured from {@code logback-text.xml}. Does nothing when SLF4J is not
 * bound to Logback (an embedding application owns its logging).
 */
final class LogSetup {

    private LogSetup() {
    }

    static void apply(LogFormat format) {
        if (format == LogFormat.TEXT && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            configure(context, "logback-text.xml");
        }
    }

    /** Reconfigures Logback from a classpath resource. */
    static void configure(LoggerContext context, String resource) {
        URL url = LogSetup.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("Missing logging configuration " + resource);
        }
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(url);
        } catch (JoranException e) {
            throw new IllegalStateException("Bad logging configuration " + resource, e);
        }
    }
}
