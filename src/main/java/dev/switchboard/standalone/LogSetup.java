package dev.switchboard.standalone;

import java.io.Console;
import java.net.URL;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;

import dev.switchboard.config.LogFormat;

/**
 * Chooses the standalone log format: {@code logback.xml} (JSON lines) is the default Logback loads; for
 * {@link LogFormat#TEXT}, or {@link LogFormat#AUTO} at a terminal, the context is reconfigured from
 * {@code logback-text.xml}. Does nothing when SLF4J is not bound to Logback (an embedding application owns its
 * logging).
 */
final class LogSetup {

    private LogSetup() {
    }

    /** @return the format in effect: {@code configured}, with {@link LogFormat#AUTO} resolved for this process */
    static LogFormat apply(LogFormat configured) {
        LogFormat format = configured.resolve(stdoutIsTerminal());
        if (format == LogFormat.TEXT && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            configure(context, "logback-text.xml");
        }
        return format;
    }

    /**
     * Stops the logging context, which writes every line still queued for the console (the configurations log
     * through an asynchronous appender); call it last, once nothing logs any more. Does nothing when SLF4J is not
     * bound to Logback.
     */
    static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }

    /**
     * @return whether standard output is a terminal: up to Java 21 {@link System#console()} is null unless it is;
     *         from Java 22 a console exists even when redirected, and {@code Console.isTerminal()} tells
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            // Cannot tell: JSON, the format a log collector needs, is the safe side.
            return false;
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
