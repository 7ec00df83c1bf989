package dev.switchboard.support;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates threads named {@code <prefix>-<n>} so that every thread of the hub can be traced to its owner in a
 * thread dump. Thread-safe.
 */
public final class NamedThreadFactory implements ThreadFactory {

    private final String prefix;
    private final boolean daemon;
    private final AtomicInteger counter = new AtomicInteger();

    /**
     * @param prefix the name prefix, for example {@code switchboard-outbox}
     * @param daemon whether the threads are daemon threads; owners still stop them explicitly
     */
    public NamedThreadFactory(String prefix, boolean daemon) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.daemon = daemon;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
        thread.setDaemon(daemon);
        return thread;
    }
}
