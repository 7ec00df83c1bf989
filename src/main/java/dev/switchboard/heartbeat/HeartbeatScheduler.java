package dev.switchboard.heartbeat;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.config.HeartbeatSettings;
import dev.switchboard.config.HubConfig;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.support.ContainerExecutors;
import dev.switchboard.support.MonotonicClock;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.support.Shutdowns;

/**
 * Finds dead peers: sweeps every connection at least once a second, pinging each every {@code heartbeat.seconds}
 * and closing the silent (4008), the stalled (4009) and those whose token expired (4501). Thread-safe;
 * {@link #start()} is idempotent. See docs/design-notes.md, "The heartbeat".
 */
@ApplicationScoped
public class HeartbeatScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatScheduler.class);
    /** The longest interval between sweeps. */
    static final Duration MAX_TICK = Duration.ofSeconds(1);
    /** The shortest interval between sweeps. */
    static final Duration MIN_TICK = Duration.ofMillis(50);

    private final HubConfig config;
    private final ConnectionRegistry registry;
    private final HubMetrics metrics;
    private final MonotonicClock clock;
    private final Clock wallClock;
    private final Event<Tick> tickEvent;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final AtomicReference<ScheduledFuture<?>> sweeps = new AtomicReference<>();

    @Inject
    public HeartbeatScheduler(HubConfig config, ConnectionRegistry registry, HubMetrics metrics, MonotonicClock clock,
            Clock wallClock, Event<Tick> tickEvent) {
        this(config, registry, metrics, clock, wallClock, tickEvent, ContainerExecutors.scheduler());
    }

    /** As the full constructor, judging token expiry by the system's wall clock. */
    HeartbeatScheduler(HubConfig config, ConnectionRegistry registry, HubMetrics metrics, MonotonicClock clock,
            Event<Tick> tickEvent, Optional<ScheduledExecutorService> managed) {
        this(config, registry, metrics, clock, Clock.systemUTC(), tickEvent, managed);
    }

    /**
     * @param managed a scheduler lent by the caller (the server's, or a test's), never shut down here; when empty the
     *                heartbeat creates its own {@code switchboard-heartbeat} thread and stops it at {@code @PreDestroy}
     */
    HeartbeatScheduler(HubConfig config, ConnectionRegistry registry, HubMetrics metrics, MonotonicClock clock,
            Clock wallClock, Event<Tick> tickEvent, Optional<ScheduledExecutorService> managed) {
        this.config = config;
        this.wallClock = wallClock;
        this.registry = registry;
        this.metrics = metrics;
        this.clock = clock;
        this.tickEvent = tickEvent;
        this.ownsScheduler = managed.isEmpty();
        this.scheduler = managed.orElseGet(() -> Executors.newSingleThreadScheduledExecutor(
                new NamedThreadFactory("switchboard-heartbeat", true)));
    }

    /** For CDI proxies only. */
    protected HeartbeatScheduler() {
        this.config = null;
        this.registry = null;
        this.metrics = null;
        this.clock = null;
        this.wallClock = null;
        this.tickEvent = null;
        this.scheduler = null;
        this.ownsScheduler = false;
    }

    /** Starts the sweeps; later calls do nothing. */
    public void start() {
        if (sweeps.get() != null) {
            return;
        }
        // Milliseconds: Payara's managed scheduler never ran a schedule given in nanoseconds (measured).
        long tick = Math.max(1, tickInterval(config).toMillis());
        ScheduledFuture<?> started = scheduler.scheduleWithFixedDelay(this::sweepSafely, tick, tick,
                TimeUnit.MILLISECONDS);
        if (!sweeps.compareAndSet(null, started)) {
            started.cancel(false); // another caller won the race: one schedule only
            return;
        }
        LOG.info("Heartbeat started: a sweep every {} ms on {}", tick, ownsScheduler ? "its own thread"
                : "the server's managed scheduled executor");
    }

    /** @return the sweep interval: a quarter of the shorter of heartbeat and idle timeout, within 50 ms – 1 s */
    static Duration tickInterval(HubConfig config) {
        HeartbeatSettings heartbeat = config.heartbeat();
        Duration quarter = heartbeat.interval().compareTo(heartbeat.idleTimeout()) < 0
                ? heartbeat.interval().dividedBy(4) : heartbeat.idleTimeout().dividedBy(4);
        if (quarter.compareTo(MAX_TICK) > 0) {
            return MAX_TICK;
        }
        return quarter.compareTo(MIN_TICK) < 0 ? MIN_TICK : quarter;
    }

    private void sweepSafely() {
        try {
            sweep(clock.nanoTime());
            tickEvent.fire(new Tick(clock.nanoTime()));
        } catch (RuntimeException e) {
            // A failing sweep must not cancel the schedule: log, and try again next tick.
            LOG.error("Heartbeat sweep failed", e);
        }
    }

    /** One pass over every connection at time {@code now}. */
    void sweep(long now) {
        long idle = config.heartbeat().idleTimeout().toNanos();
        long interval = config.heartbeat().interval().toNanos();
        Duration sendTimeout = config.outbox().sendTimeout();
        // A connection whose token expired (exp plus the skew, as at the handshake) is closed: no timer per
        // session.
        long expiredBefore = wallClock.millis() - config.auth().jwt().clockSkew().toMillis();
        // Per-connection reads go to the connection itself, not through the registry's CDI proxy: with many
        // connections a proxy call per check was a measurable share of the CPU at rest (docs/benchmarks.md,
        // "What we changed and what it bought").
        for (Connection c : registry.live()) {
            if (now - c.lastSeenNanos() >= idle) {
                metrics.heartbeatTimeout();
                registry.close(c, CloseCodes.HEARTBEAT_TIMEOUT, false);
            } else if (c.isWriteStalled(now, sendTimeout)) {
                registry.close(c, CloseCodes.SLOW_CONSUMER, false);
            } else if (c.expiresAtMillis() <= expiredBefore) {
                registry.close(c, CloseCodes.UNAUTHORIZED, false);
            } else if (now - c.lastPingNanos() >= interval) {
                // The depth distribution is sampled once per heartbeat interval per session, with its ping.
                metrics.outboxDepth(c.queuedMessages());
                registry.ping(c, now);
            }
        }
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> running = sweeps.get();
        if (running != null) {
            running.cancel(false);
        }
        if (ownsScheduler) {
            Shutdowns.stop(scheduler, Duration.ofSeconds(5), "switchboard-heartbeat");
        }
    }
}
