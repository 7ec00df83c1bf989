package dev.switchboard.metrics;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@link HubMetrics} on Micrometer, with the meter names dashboards rely on ({@code switchboard.*}). Thread-safe.
 */
public final class MicrometerHubMetrics implements HubMetrics {

    /** Distinct namespace labels before the rest are counted as {@code other}. */
    public static final int MAX_NAMESPACES = 50;
    /** The {@code kind} labels of {@code switchboard_rate_limited_total}. */
    public static final List<String> RATE_LIMIT_KINDS = List.of("message", "bytes", "handshake", "api");

    private final MeterRegistry registry;
    private final AtomicLong open = new AtomicLong();
    // Changed by every enqueue and every write, from many threads: adders, not one contended atomic.
    private final LongAdder queuedMessages = new LongAdder();
    private final LongAdder queuedBytes = new LongAdder();
    private final AtomicLong replays = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private final AtomicLong channels = new AtomicLong();
    private final Counter opened;
    private final Counter received;
    private final Counter receivedBytes;
    private final Counter sent;
    private final Counter sentBytes;
    private final Counter heartbeatTimeouts;
    private final Timer sendTimer;
    private final DistributionSummary outboxDepth;
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
    private final LabeledCounters closed;
    private final LabeledCounters handshakesRefused;
    private final LabeledCounters errors;
    private final LabeledCounters rateLimited;
    private final LabeledCounters publishes;

    public MicrometerHubMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("switchboard.connections", open, AtomicLong::get).register(registry);
        Gauge.builder("switchboard.outbox.queued.messages", queuedMessages, LongAdder::sum).register(registry);
        Gauge.builder("switchboard.outbox.queued.bytes", queuedBytes, LongAdder::sum).register(registry);
        Gauge.builder("switchboard.replays.active", replays, AtomicLong::get)
                .description("Recovery replays in progress").register(registry);
        Gauge.builder("switchboard.subscriptions", subscriptions, AtomicLong::get)
                .description("Subscriptions of this node's connections (a connection on N channels counts N)")
                .register(registry);
        Gauge.builder("switchboard.channels", channels, AtomicLong::get)
                .description("Channels with at least one subscriber on this node").register(registry);
        this.opened = registry.counter("switchboard.connections.opened");
        this.received = registry.counter("switchboard.messages.received");
        this.receivedBytes = registry.counter("switchboard.received.bytes");
        this.sent = registry.counter("switchboard.messages.sent");
        this.sentBytes = registry.counter("switchboard.sent.bytes");
        this.heartbeatTimeouts = registry.counter("switchboard.heartbeat.timeouts");
        this.sendTimer = Timer.builder("switchboard.send")
                .description("Time from enqueue to write completed")
                .publishPercentileHistogram()
                .minimumExpectedValue(java.time.Duration.ofMillis(1))
                .maximumExpectedValue(java.time.Duration.ofSeconds(30))
                .register(registry);
        this.closed = new LabeledCounters(registry, "switchboard.connections.closed", "code");
        this.handshakesRefused = new LabeledCounters(registry, "switchboard.handshakes.refused", "reason");
        this.errors = new LabeledCounters(registry, "switchboard.errors", "code");
        this.rateLimited = new LabeledCounters(registry, "switchboard.rate.limited", "kind");
        this.publishes = new LabeledCounters(registry, "switchboard.publishes", "namespace");
        // Every kind from the start, at zero: the family is there to alert on before the first refusal.
        RATE_LIMIT_KINDS.forEach(rateLimited::counter);
        // Recorded once per session per sweep (tens of thousands a second at scale): count, sum and max only, since
        // client-side percentiles cost a time-windowed histogram update per sample.
        this.outboxDepth = DistributionSummary.builder("switchboard.outbox.depth")
                .description("Frames queued per session, sampled with each heartbeat ping")
                .register(registry);
    }

    /** @return the registry the meters live in */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void connectionOpened() {
        open.incrementAndGet();
        opened.increment();
    }

    @Override
    public void connectionClosed(int code) {
        open.decrementAndGet();
        closed.increment(Integer.toString(code));
    }

    @Override
    public void handshakeRefused(String reason) {
        handshakesRefused.increment(reason);
    }

    @Override
    public void messageReceived(int bytes) {
        received.increment();
        receivedBytes.increment(bytes);
    }

    @Override
    public void messageSent(int bytes, long queuedNanos) {
        sent.increment();
        sentBytes.increment(bytes);
        sendTimer.record(queuedNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void published(String namespace) {
        String label = namespace;
        if (!namespaces.contains(label)) {
            label = namespaces.size() < MAX_NAMESPACES && namespaces.add(label) ? label : "other";
        }
        publishes.increment(label);
    }

    @Override
    public void errorSent(String code) {
        errors.increment(code);
    }

    @Override
    public void heartbeatTimeout() {
        heartbeatTimeouts.increment();
    }

    @Override
    public void rateLimited(String kind) {
        rateLimited.increment(kind);
    }

    @Override
    public void outboxDepth(int queuedMessages) {
        outboxDepth.record(queuedMessages);
    }

    @Override
    public void replayStarted() {
        replays.incrementAndGet();
    }

    @Override
    public void replayEnded() {
        replays.decrementAndGet();
    }

    @Override
    public void subscriptionAdded(boolean firstOnChannel) {
        subscriptions.incrementAndGet();
        if (firstOnChannel) {
            channels.incrementAndGet();
        }
    }

    @Override
    public void subscriptionRemoved(boolean lastOnChannel) {
        subscriptions.decrementAndGet();
        if (lastOnChannel) {
            channels.decrementAndGet();
        }
    }

    @Override
    public void outboxChanged(int deltaMessages, long deltaBytes) {
        queuedMessages.add(deltaMessages);
        queuedBytes.add(deltaBytes);
    }
}
