package dev.switchboard.standalone.bridge;

import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.switchboard.support.NamedThreadFactory;

/**
 * The scheduler of Tyrus's sessions, owned by the hub (one thread, {@code switchboard-tyrus-timer}): a task with
 * no delay runs at once on the calling thread, a delayed one on the timer thread; a cancelled one leaves the
 * queue. See docs/design-notes.md, "Tyrus's session timer".
 */
final class TyrusTimer extends ScheduledThreadPoolExecutor {

    TyrusTimer() {
        super(1, new NamedThreadFactory("switchboard-tyrus-timer", true));
        setRemoveOnCancelPolicy(true);
        setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (delay > 0 || isShutdown()) {
            return super.schedule(command, delay, unit);
        }
        command.run();
        return Done.INSTANCE;
    }

    /** The future of a task that already ran; immutable, so one serves every such task. */
    private static final class Done implements ScheduledFuture<Object> {

        static final Done INSTANCE = new Done();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
