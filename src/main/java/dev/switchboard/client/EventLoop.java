package dev.switchboard.client;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The client's one event thread ({@code switchboard-client-<id>}): every state change, frame and timer of a client
 * runs here, one at a time, so the client's state needs no lock. Tasks handed in after shutdown are dropped.
 */
final class EventLoop {

    private static final System.Logger LOG = System.getLogger("dev.switchboard.client");

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    EventLoop(String name) {
        this.executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} on the event thread. Never blocks. @return false: the loop is shut down, task dropped */
    boolean execute(Runnable task) {
        try {
            executor.execute(guarded(task));
            return true;
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "client event after shutdown dropped");
            return false;
        }
    }

    /** @return the scheduled task, or {@code null} when the loop is shut down */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** @return the periodic task, or {@code null} when the loop is shut down */
    ScheduledFuture<?> every(Runnable task, Duration period) {
        try {
            long nanos = period.toNanos();
            return executor.scheduleAtFixedRate(guarded(task), nanos, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** @return whether the caller runs on this loop's thread */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Lets the tasks already queued run, then ends the thread. */
    void shutdown() {
        executor.shutdown();
    }

    /** @return whether the thread ended within {@code timeout} */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "client event failed", e);
            }
        };
    }

    static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
