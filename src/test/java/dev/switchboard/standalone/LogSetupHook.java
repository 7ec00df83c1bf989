package dev.switchboard.standalone;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

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

    /**
     * Returns once every line logged before the call is in {@code output} (what the test captured of stdout): the
     * configurations write through one asynchronous queue, in order, so a marker line logged now comes after them.
     */
    public static void flush(Supplier<String> output) {
        String marker = "log flushed " + UUID.randomUUID();
        LoggerFactory.getLogger(LogSetupHook.class).info(marker);
        await("the log written up to '" + marker + "'").atMost(Duration.ofSeconds(10))
                .until(() -> output.get().contains(marker));
    }
}
