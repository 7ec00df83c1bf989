package dev.switchboard.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that only records what it is given; the test runs a task, on its own thread, when it says the delay
 * has passed. Stands in for the server's managed scheduled executor. Supports one-shot and fixed-delay schedules.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    /** One scheduled task and the delay it was given (between runs, for a fixed-delay task). */
    public static final class Task extends FutureTask<Object> implements ScheduledFuture<Object> {
        private final long delayMillis;
        private final boolean periodic;

        Task(Runnable command, long delayMillis, boolean periodic) {
            super(command, null);
            this.delayMillis = delayMillis;
            this.periodic = periodic;
        }

        /** Runs the task once; a fixed-delay task stays scheduled unless it was cancelled or failed. */
        void fire() {
            if (periodic) {
                runAndReset();
            } else {
                run();
            }
        }

        public long delayMillis() {
            return delayMillis;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delayMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(delayMillis, other.getDelay(TimeUnit.MILLISECONDS));
        }
    }

    private final List<Task> tasks = new ArrayList<>();

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task task = new Task(command, unit.toMillis(delay), false);
        tasks.add(task);
        return task;
    }

    /** @return every task scheduled so far, cancelled ones included */
    public synchronized List<Task> tasks() {
        return List.copyOf(tasks);
    }

    /** Runs every task that is not cancelled, as if its delay had passed: one-shot tasks once ever. */
    public void elapse() {
        for (Task task : tasks()) {
            task.fire();
        }
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
            TimeUnit unit) {
        Task task = new Task(command, unit.toMillis(delay), true);
        tasks.add(task);
        return task;
    }

    @Override
    public void execute(Runnable command) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {
        throw new UnsupportedOperationException("the server's executor is never shut down by the hub");
    }

    @Override
    public List<Runnable> shutdownNow() {
        throw new UnsupportedOperationException("the server's executor is never shut down by the hub");
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }
}
