package dev.switchboard.support;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds the executors an application server lends its applications, so that no unmanaged thread runs inside one.
 * Standalone there is no JNDI context: the lookups come back empty and the caller creates (and owns) its own
 * executor. Executors found here belong to the server: never shut them down.
 */
public final class ContainerExecutors {

    /** The Jakarta EE default managed executor. */
    public static final String DEFAULT_EXECUTOR = "java:comp/DefaultManagedExecutorService";
    /** The Jakarta EE default managed scheduled executor. */
    public static final String DEFAULT_SCHEDULED_EXECUTOR = "java:comp/DefaultManagedScheduledExecutorService";

    private ContainerExecutors() {
    }

    /** The Jakarta EE default managed thread factory. */
    public static final String DEFAULT_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    /**
     * @return the server's default managed thread factory (threads the server knows, for a pool the caller owns),
     *         or empty outside an application server
     */
    public static Optional<ThreadFactory> threadFactory() {
        return lookup(DEFAULT_THREAD_FACTORY, ThreadFactory.class);
    }

    /** @return the server's default managed executor, or empty outside an application server */
    public static Optional<ExecutorService> executor() {
        return lookup(DEFAULT_EXECUTOR, ExecutorService.class);
    }

    /** @return the server's default managed scheduled executor, or empty outside an application server */
    public static Optional<ScheduledExecutorService> scheduler() {
        return lookup(DEFAULT_SCHEDULED_EXECUTOR, ScheduledExecutorService.class);
    }

    private static <T> Optional<T> lookup(String name, Class<T> type) {
        try {
            Object found = InitialContext.doLookup(name);
            return type.isInstance(found) ? Optional.of(type.cast(found)) : Optional.empty();
        } catch (NamingException e) {
            // No naming context (standalone) or no such resource: the caller falls back to an executor of its own.
            return Optional.empty();
        }
    }
}
