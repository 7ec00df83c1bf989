package dev.switchboard.bench.jmh;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * An executor that only queues; the benchmark thread runs the tasks with {@link #runAll()}. The outbox requires an
 * executor that never runs a drain inline, and this keeps the whole enqueue → drain → write cycle on one thread,
 * so the benchmark measures the outbox, not thread hand-offs. Not thread-safe: one benchmark thread per instance.
 */
final class QueuedExecutor implements Executor {

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable command) {
        tasks.add(command);
    }

    int runAll() {
        int n = 0;
        Runnable r;
        while ((r = tasks.poll()) != null) {
            r.run();
            n++;
        }
        return n;
    }
}
