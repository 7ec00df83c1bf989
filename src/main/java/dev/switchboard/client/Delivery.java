package dev.switchboard.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the application's callbacks one at a time, in the order handed in: on the executor given to the builder, or
 * on the client's own thread {@code switchboard-client-<id>-delivery}, which {@link #shutdown()} ends. A callback
 * that throws is logged and the next one runs.
 */
final class Delivery implements Executor {

    private static final System.Logger LOG = System.getLogger("dev.switchboard.client");

    private final Executor target;
    private final ExecutorService owned;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean running;
    private volatile Thread drainer;

    Delivery(Executor given, String name) {
        this.owned = given == null ? Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        }) : null;
        this.target = given == null ? owned : given;
    }

    @Override
    public void execute(Runnable callback) {
        synchronized (queue) {
            queue.add(callback);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            target.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The client is closed and its thread gone: what is left (a stage failed as closed) runs on the caller.
            drain();
        }
    }

    private void drain() {
        drainer = Thread.currentThread();
        try {
            drainAll();
        } finally {
            drainer = null;
        }
    }

    /** @return whether the caller is running a callback of this client */
    boolean inDelivery() {
        return Thread.currentThread() == drainer;
    }

    private void drainAll() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a client listener threw", e);
            }
        }
    }

    /** Lets the queued callbacks run, then ends the owned thread (an executor given to the builder is left alone). */
    void shutdown() {
        if (owned != null) {
            owned.shutdown();
        }
    }

    /** @return whether the owned thread (if any) ended within {@code timeout} */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return owned == null || owned.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
