package dev.switchboard.standalone.bridge;

import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.switchboard.support.NamedThreadFactory;

/**
 * The scheduler Tyrus's sessions use, owned by the hub ({@code switchboard-tyrus-timer}, one thread) instead of
 * Tyrus's own pool of ten. Tyrus restarts a session's idle timer for every frame it sends or receives, even with no
 * idle timeout (the hub's heartbeat owns liveness): it schedules a task with zero delay that then does nothing.
 * Here a task with no delay runs at once on the calling thread, so a pong costs no hand-off and no wake-up of another
 * thread. Delayed tasks run on the timer thread as usual; cancelled ones leave the queue at once.
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
