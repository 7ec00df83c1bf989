package dev.switchboard.registry;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.switchboard.support.ContainerExecutors;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.support.Shutdowns;

/**
 * Where outboxes drain and handed-off work runs (closes decided on a broadcasting thread, presence clean-up after
 * a close): a pool of our own, {@code send.threads} wide, which {@link ConnectionRegistry} stops; its threads come
 * from the server's managed thread factory inside an application server (its managed executor if it lends no
 * factory), else they are our {@code switchboard-send} threads. Thread-safe; {@link #execute} never blocks.
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
     * @return a pool of our own (of the server's managed threads in a server), or the server's managed executor
     */
    public static SendPool forRuntime(int configuredThreads) {
        // In a server: our own pool of the server's managed threads. Its managed executor captures the calling
        // context for every task, which on Payara costs a ServiceLoader scan per task, one per subscriber per
        // message: fan-out to 1,000 subscribers collapsed (docs/deploy.md, "Large connection counts").
        Optional<ThreadFactory> managedThreads = ContainerExecutors.threadFactory();
        if (managedThreads.isPresent()) {
            ExecutorService own = ownPool(configuredThreads, managedThreads.get());
            return new SendPool(own, own);
        }
        Optional<ExecutorService> managed = ContainerExecutors.executor();
        if (managed.isPresent()) {
            return new SendPool(managed.get(), null);
        }
        ExecutorService own = ownPool(configuredThreads, new NamedThreadFactory("switchboard-send", true));
        return new SendPool(own, own);
    }

    /** @return a send pool over an executor someone else owns and stops (tests, benchmarks) */
    public static SendPool of(Executor executor) {
        return new SendPool(executor, null);
    }

    private static ExecutorService ownPool(int configured, ThreadFactory threads) {
        // Half the cores by default: the selectors need the rest, and at the sustained fan-out ceiling one send
        // thread kept the tail latency far lower than two (docs/benchmarks.md, "Thread settings").
        int size = configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
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
