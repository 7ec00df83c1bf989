package dev.switchboard.support;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stops executors with a bounded wait: {@link #stop} blocks its caller for at most twice the wait. Stateless. */
public final class Shutdowns {

    private static final Logger LOG = LoggerFactory.getLogger(Shutdowns.class);

    private Shutdowns() {
    }

    /**
     * Shuts the executor down, waits up to {@code wait} for running tasks, then interrupts what is left.
     *
     * @return true if every thread of the executor ended within the wait
     */
    public static boolean stop(ExecutorService executor, Duration wait, String name) {
        executor.shutdown();
        try {
            if (executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            executor.shutdownNow();
            boolean ended = executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                LOG.warn("Executor {} did not stop within {}", name, wait);
            }
            return ended;
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
