package dev.switchboard.registry;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.switchboard.support.ContainerExecutors;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.support.Shutdowns;

/**
 * Where outboxes drain and handed-off work runs (closes decided on a broadcasting thread, presence clean-up after
 * a close). Inside an application server its managed executor; standalone our own {@code switchboard-send} pool,
 * which {@link ConnectionRegistry} stops. Thread-safe; {@link #execute} never blocks.
 */
public final class SendPool implements Executor {

    private final Executor executor;
    private final ExecutorService owned;

    private SendPool(Executor executor, ExecutorService owned) {
        this.executor = executor;
        this.owned = owned;
    }

    /**
     * @param configuredThreads {@code send.threads}: the size of our own pool, or 0 for half the cores (at least 1)
     * @return the server's managed executor if there is one, otherwise a pool of our own
     */
    public static SendPool forRuntime(int configuredThreads) {
        Optional<ExecutorService> managed = ContainerExecutors.executor();
        if (managed.isPresent()) {
            return new SendPool(managed.get(), null);
        }
        ExecutorService own = ownPool(configuredThreads);
        return new SendPool(own, own);
    }

    /** @return a send pool over an executor someone else owns and stops (tests, benchmarks) */
    public static SendPool of(Executor executor) {
        return new SendPool(executor, null);
    }

    private static ExecutorService ownPool(int configured) {
        // Half the cores by default: the selectors need the rest, and at the sustained fan-out ceiling one send
        // thread kept the tail latency far lower than two (docs/benchmarks.md, "Thread settings").
        int threads = configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new NamedThreadFactory("switchboard-send", true));
    }

    /**
     * Runs the task on the pool. Never blocks.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the pool is stopped
     */
    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Stops our own pool with a bounded wait; a borrowed executor is left alone. */
    void stop(Duration wait) {
        if (owned != null) {
            Shutdowns.stop(owned, wait, "switchboard-send");
        }
    }
}
