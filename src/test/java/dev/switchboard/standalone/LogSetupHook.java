package dev.switchboard.standalone;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;

import dev.switchboard.config.LogFormat;

/**
 * Test access to the package-private {@link LogSetup}: integration tests load the production logging configuration,
 * which {@code logback-test.xml} shadows on the test classpath.
 */
public final class LogSetupHook {

    private LogSetupHook() {
    }

    /** Reconfigures the process's Logback context from a classpath resource, as {@link LogSetup} does. */
    public static void configure(String resource) {
        LogSetup.configure((LoggerContext) LoggerFactory.getILoggerFactory(), resource);
    }

    /** As the standalone {@code Main} does for {@code log.format}. */
    public static void apply(LogFormat format) {
        LogSetup.apply(format);
    }
}
