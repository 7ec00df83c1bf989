package dev.switchboard.admission;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.switchboard.config.HubConfig;
import dev.switchboard.config.RateSettings;
import dev.switchboard.heartbeat.Tick;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionClosed;
import dev.switchboard.support.MonotonicClock;

/**
 * The per-connection limits on inbound protocol requests ({@code rate.messages.*}, {@code rate.bytes.per.second}).
 * A connection's buckets are made on its first message and dropped when it closes, or, every {@link #SWEEP_EVERY},
 * once they are back to full: idle connections cost nothing. Thread-safe; never blocks. See docs/security.md.
 */
@ApplicationScoped
public class MessageRateLimiter {

    /** How often the heartbeat's tick drops the state of connections whose limits are rested. */
    static final Duration SWEEP_EVERY = Duration.ofSeconds(10);

    private final RateSettings rates;
    private final int maxMessageBytes;
    private final MonotonicClock clock;
    private final TokenBuckets buckets;
    private final ConcurrentHashMap<Connection, ConnectionRate> byConnection = new ConcurrentHashMap<>();
    private long lastSweepNanos;

    @Inject
    public MessageRateLimiter(HubConfig config, MonotonicClock clock) {
        this.rates = config.rates();
        this.maxMessageBytes = config.limits().maxMessageBytes();
        this.clock = clock;
        this.buckets = new TokenBuckets(clock);
        this.lastSweepNanos = clock.nanoTime();
    }

    /** For CDI proxies only. */
    protected MessageRateLimiter() {
        this.rates = null;
        this.maxMessageBytes = 0;
        this.clock = null;
        this.buckets = null;
    }

    /** Counts one message of {@code bytes} UTF-8 bytes from {@code connection} and says whether it may be run. */
    public RateVerdict admit(Connection connection, long bytes) {
        ConnectionRate rate = byConnection.computeIfAbsent(connection,
                c -> new ConnectionRate(buckets, rates, maxMessageBytes));
        if (connection.isClosed()) {
            // A message raced the close (whose forget may have run before the computeIfAbsent): leave no entry.
            byConnection.remove(connection);
        }
        return rate.admit(clock.nanoTime(), bytes);
    }

    /** @return how many connections have buckets now (those that sent since they opened) */
    public int tracked() {
        return byConnection.size();
    }

    void forget(@Observes ConnectionClosed closed) {
        byConnection.remove(closed.connection());
    }

    /**
     * Drops rested state (the next message makes a fresh one, which is the same). A message admitted while its state
     * is dropped may cost no token: at most one per connection and sweep. Runs on the heartbeat's one thread.
     */
    void sweep(@Observes Tick tick) {
        if (tick.nanoTime() - lastSweepNanos < SWEEP_EVERY.toNanos()) {
            return;
        }
        lastSweepNanos = tick.nanoTime();
        long now = clock.nanoTime();
        byConnection.values().removeIf(rate -> rate.isRested(now));
    }
}
