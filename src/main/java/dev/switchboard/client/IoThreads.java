package dev.switchboard.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor a client gives the JDK's HTTP client for its completions ({@code <name>-<n>}, daemon threads that
 * end after 30 s idle), so that the client owns and stops those threads rather than the JDK's default pool.
 */
final class IoThreads {

    private IoThreads() {
    }

    static ExecutorService pool(String name) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread t = new Thread(task, name + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }
}
