package dev.switchboard.standalone.bridge;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;

import dev.switchboard.support.MonotonicClock;

/**
 * The deadline of a connection's request headers ({@code handshake.timeout.seconds}): from accepting (TLS
 * handshake included), or from the first byte of a further keep-alive request, to the end of the request's
 * headers. A connection past it is torn down by one periodic sweep, so a trickling client (slowloris) holds no
 * thread and no timer of its own. Thread-safe. See docs/security.md, "Handshake hygiene".
 */
public final class HandshakeDeadlines {

    /** Set on a connection whose last request has been read whole: its next read starts a new deadline. */
    private static final Attribute<Boolean> BETWEEN_REQUESTS =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HandshakeDeadlines.class.getName() + ".between");

    private final Map<Connection<?>, Long> deadlines = new ConcurrentHashMap<>();
    private final long timeoutNanos;
    private final MonotonicClock clock;
    private final Runnable onCut;

    /** @param onCut runs once for each connection cut at its deadline (on the sweeping thread; must not block) */
    public HandshakeDeadlines(Duration timeout, MonotonicClock clock, Runnable onCut) {
        this.timeoutNanos = timeout.toNanos();
        this.clock = clock;
        this.onCut = onCut;
    }

    /**
     * Sweeps on {@code scheduler} every quarter of the timeout (at least 100 ms, at most 1 s), so a connection is
     * cut at most that much after its deadline; the sweep stops when the scheduler shuts down.
     */
    public ScheduledFuture<?> start(ScheduledExecutorService scheduler) {
        long period = Math.max(100, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4));
        return scheduler.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** @return the filter that starts deadlines; it goes before the HTTP codec */
    Filter starting() {
        return new BaseFilter() {
            @Override
            public NextAction handleAccept(FilterChainContext ctx) throws IOException {
                arm(ctx.getConnection());
                return ctx.getInvokeAction();
            }

            @Override
            public NextAction handleRead(FilterChainContext ctx) throws IOException {
                if (BETWEEN_REQUESTS.remove(ctx.getConnection()) != null) {
                    arm(ctx.getConnection());
                }
                return ctx.getInvokeAction();
            }
        };
    }

    /** @return the filter that ends deadlines when the codec has parsed a request's headers; it goes after it */
    Filter ending() {
        return new BaseFilter() {
            @Override
            public NextAction handleRead(FilterChainContext ctx) throws IOException {
                Connection<?> connection = ctx.getConnection();
                deadlines.remove(connection);
                if (ctx.getMessage() instanceof HttpContent content && content.isLast()) {
                    BETWEEN_REQUESTS.set(connection, Boolean.TRUE);
                }
                return ctx.getInvokeAction();
            }
        };
    }

    private void arm(Connection<?> connection) {
        deadlines.put(connection, clock.nanoTime() + timeoutNanos);
    }

    /** Tears down every connection past its deadline, and forgets closed ones. */
    void sweep() {
        long now = clock.nanoTime();
        deadlines.forEach((connection, deadline) -> {
            if (!connection.isOpen()) {
                deadlines.remove(connection);
            } else if (now - deadline >= 0 && deadlines.remove(connection, deadline)) {
                connection.terminateSilently();
                onCut.run();
            }
        });
    }
}
