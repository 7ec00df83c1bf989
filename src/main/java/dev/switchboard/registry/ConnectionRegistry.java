package dev.switchboard.registry;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.switchboard.config.HubConfig;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.outbox.EnqueueResult;
import dev.switchboard.outbox.Outbox;
import dev.switchboard.outbox.OutboxLimits;
import dev.switchboard.outbox.OutboxListener;
import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.support.MonotonicClock;

/**
 * The only place that knows which connections exist (by id, user, address, channel); owns the one ordered,
 * idempotent close path, ending in {@link ConnectionClosed}. Thread-safe; no method blocks on I/O.
 * See docs/architecture.md, "Close path"; for the threads, {@link SendPool}.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistry.class);

    private final HubConfig config;
    private final HubMetrics metrics;
    private final MonotonicClock clock;
    private final Event<ConnectionClosed> closedEvent;
    private final SendPool sendPool;
    /**
     * Session ids come from one generator per thread: a shared {@link SecureRandom} serializes every handshake on
     * its lock (the default one also reads the OS under it).
     */
    private final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(ConnectionRegistry::newRandom);
    private final ConcurrentHashMap<String, Connection> byId = new ConcurrentHashMap<>();
    /** Each user's connections, an immutable set replaced on change: most users have one, so no set is built. */
    private final ConcurrentHashMap<String, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Connection>> byChannel = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> byAddress = new ConcurrentHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    @Inject
    public ConnectionRegistry(HubConfig config, HubMetrics metrics, MonotonicClock clock,
            Event<ConnectionClosed> closedEvent, SendPool sendPool) {
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.closedEvent = closedEvent;
        this.sendPool = sendPool;
    }

    /** For CDI proxies only. */
    protected ConnectionRegistry() {
        this.config = null;
        this.metrics = null;
        this.clock = null;
        this.closedEvent = null;
        this.sendPool = null;
    }

    /**
     * Registers a new connection, unless a limit was reached in the meantime (handshakes race) or the hub is
     * draining.
     *
     * @return the connection, or empty when it must be refused (close it with 1013)
     */
    public Optional<Connection> open(OpenRequest request) {
        if (draining.get() || byId.size() >= config.limits().maxConnections()) {
            return Optional.empty();
        }
        Integer perAddress = byAddress.merge(request.remoteAddress(), 1, Integer::sum);
        if (perAddress > config.limits().maxConnectionsPerIp()) {
            releaseAddress(request.remoteAddress());
            return Optional.empty();
        }
        String id = newId();
        Identity identity = request.effectiveIdentity();
        String user = identity.user() != null ? identity.user() : "anon-" + id;
        OutboxListener listener = new OutboxListener() {
            @Override
            public void onWritten(int bytes, long queuedNanos) {
                metrics.messageSent(bytes, queuedNanos);
            }

            @Override
            public void onQueueChanged(int deltaMessages, long deltaBytes) {
                metrics.outboxChanged(deltaMessages, deltaBytes);
            }
        };
        Outbox outbox = new Outbox(request.transport(), new OutboxLimits(config.outbox().maxMessages(),
                config.outbox().maxBytes()), sendPool, clock, listener);
        Connection connection = new Connection(id, user, identity, request.remoteAddress(),
                request.traceId(), outbox, clock.nanoTime());
        byId.put(id, connection);
        byUser.merge(connection.user(), Set.of(connection), ConnectionRegistry::union);
        metrics.connectionOpened();
        try (LogContext log = LogContext.of(connection)) {
            LOG.info("Connection opened from {}", request.remoteAddress());
        }
        return Optional.of(connection);
    }

    /** @return the open connection with this id */
    public Optional<Connection> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Queues {@code frame} to every open connection of {@code user}; an overflowing outbox is closed (handed off).
     * Never blocks.
     *
     * @return the connections it was queued for
     */
    public int sendToUser(String user, OutboundFrame frame) {
        int sent = 0;
        for (Connection c : byUser(user)) {
            EnqueueResult result = c.send(frame);
            if (result == EnqueueResult.ACCEPTED) {
                sent++;
            } else if (result == EnqueueResult.OVERFLOW) {
                closeLater(c, CloseCodes.SLOW_CONSUMER);
            }
        }
        return sent;
    }

    /** @return a snapshot of the user's open connections */
    public List<Connection> byUser(String user) {
        Set<Connection> set = byUser.get(user);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** @return a snapshot of every open connection */
    public List<Connection> all() {
        return List.copyOf(byId.values());
    }

    /** @return every open connection: a weakly consistent live view, for sweeps that must not copy */
    public Collection<Connection> live() {
        return java.util.Collections.unmodifiableCollection(byId.values());
    }

    /** @return the number of open connections */
    public int count() {
        return byId.size();
    }

    /** @return the number of open connections from this address */
    public int countForAddress(String address) {
        return byAddress.getOrDefault(address, 0);
    }

    /** @return the number of channels with at least one subscriber on this node */
    public int channelCount() {
        return byChannel.size();
    }

    /** @return the subscribers of a channel: a weakly consistent live view, empty if none */
    public Collection<Connection> subscribers(String channel) {
        Set<Connection> set = byChannel.get(channel);
        return set == null ? Set.of() : set;
    }

    /**
     * Adds a subscription. A connection that closes concurrently is never left in the index.
     *
     * @return false if it was already subscribed or is closed
     */
    public boolean subscribe(Connection connection, String channel) {
        if (!connection.addChannel(channel)) {
            return false;
        }
        boolean[] first = {false};
        byChannel.compute(channel, (k, set) -> {
            first[0] = set == null;
            Set<Connection> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(connection);
            return s;
        });
        metrics.subscriptionAdded(first[0]);
        if (connection.isClosed()) {
            // The close path may have copied the channel list before we added to it: undo, so nothing leaks.
            removeFromChannel(connection, channel);
            return false;
        }
        return true;
    }

    /** @return false if the connection was not subscribed */
    public boolean unsubscribe(Connection connection, String channel) {
        if (!connection.removeChannel(channel)) {
            return false;
        }
        removeFromChannel(connection, channel);
        return true;
    }

    /** @return whether any other open connection of the user is subscribed to the channel */
    public boolean userHasOtherSubscription(Connection connection, String channel) {
        for (Connection c : byUser(connection.user())) {
            if (c != connection && !c.isClosed() && c.isSubscribed(channel)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Closes a connection the hub decided to close: the close frame goes after what is queued when
     * {@code drainFirst}, or jumps the queue otherwise. Idempotent; never blocks.
     */
    public void close(Connection connection, CloseCode code, boolean drainFirst) {
        ConnectionClosed closed = unindex(connection, code.code());
        if (closed != null) {
            connection.outbox().close(code, drainFirst); // seals it; the transport close runs on the send pool
            notifyClosed(closed);
        }
    }

    /** Hands a close off to the send pool: for closes decided on a broadcasting thread. Never blocks. */
    public void closeLater(Connection connection, CloseCode code) {
        try {
            sendPool.execute(() -> close(connection, code, false));
        } catch (RejectedExecutionException e) {
            close(connection, code, false);
        }
    }

    /** The transport is gone (closed by the peer, failed, or finished closing): forget the connection. */
    public void transportClosed(Connection connection, int code) {
        ConnectionClosed closed = unindex(connection, code);
        if (closed != null) {
            connection.outbox().discard();
            notifyClosed(closed);
        }
    }

    /** Marks the connection closed and removes it from every index: @return its close event, or null if closed */
    private ConnectionClosed unindex(Connection connection, int code) {
        if (!connection.markClosed()) {
            return null;
        }
        byId.remove(connection.id(), connection);
        byUser.computeIfPresent(connection.user(), (k, set) -> without(set, connection));
        releaseAddress(connection.remoteAddress());
        Set<String> channels = Set.copyOf(connection.channels());
        for (String channel : channels) {
            connection.removeChannel(channel);
            removeFromChannel(connection, channel);
        }
        metrics.connectionClosed(code);
        try (LogContext log = LogContext.of(connection);
                MDC.MDCCloseable closeCode = MDC.putCloseable(LogContext.CLOSE_CODE, Integer.toString(code))) {
            LOG.info("Connection closed with {}{}", code, CloseCodes.byCode(code).map(c -> " (" + c.reason() + ")")
                    .orElse(""));
        }
        return new ConnectionClosed(connection, channels, code);
    }

    /** Last step of the close path, once per connection: the outbox is sealed when observers hear of it. */
    private void notifyClosed(ConnectionClosed closed) {
        try {
            closedEvent.fire(closed);
        } catch (RuntimeException e) {
            LOG.error("A close observer failed for session {}", closed.connection().id(), e);
        }
    }

    private void removeFromChannel(Connection connection, String channel) {
        boolean[] removed = {false, false};
        byChannel.computeIfPresent(channel, (k, set) -> {
            removed[0] = set.remove(connection);
            removed[1] = set.isEmpty();
            return removed[1] ? null : set;
        });
        if (removed[0]) {
            metrics.subscriptionRemoved(removed[1]);
        }
    }

    private static Set<Connection> union(Set<Connection> a, Set<Connection> b) {
        Set<Connection> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** @return {@code set} without {@code connection}, or null (the entry goes) when nothing is left */
    private static Set<Connection> without(Set<Connection> set, Connection connection) {
        if (!set.contains(connection)) {
            return set;
        }
        if (set.size() == 1) {
            return null;
        }
        Set<Connection> rest = new HashSet<>(set);
        rest.remove(connection);
        return Set.copyOf(rest);
    }

    private void releaseAddress(String address) {
        byAddress.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
    }

    private String newId() {
        byte[] bytes = new byte[12];
        random.get().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @return a SHA1PRNG (seeded from the OS's entropy at its first use; one SHA-1 per id, no system call), or the
     *         platform's default generator
     */
    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("SHA1PRNG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** @return whether the hub stopped accepting connections for shutdown */
    public boolean isDraining() {
        return draining.get();
    }

    /**
     * Shutdown, step one: refuse new connections and close every open one with {@code code} after what is queued,
     * then wait up to {@code grace} for the outboxes to drain.
     *
     * @return the number of connections whose outbox had not drained when the grace period ended
     */
    public int drainAll(CloseCode code, Duration grace) {
        draining.set(true);
        List<Connection> open = all();
        List<Outbox> outboxes = open.stream().map(Connection::outbox).toList();
        open.forEach(c -> close(c, code, true));
        long deadline = clock.nanoTime() + grace.toNanos();
        while (clock.nanoTime() < deadline && !outboxes.stream().allMatch(Outbox::isDrained)) {
            try {
                TimeUnit.MILLISECONDS.sleep(20); // polling a bounded wait at shutdown; no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = (int) outboxes.stream().filter(o -> !o.isDrained()).count();
        outboxes.forEach(Outbox::discard);
        return left;
    }

    /** Queues a ping to the connection and records when. Never blocks. */
    public void ping(Connection connection, long nowNanos) {
        connection.pinged(nowNanos);
        connection.outbox().enqueuePing();
    }

    @PreDestroy
    void stop() {
        for (Connection c : all()) {
            transportClosed(c, CloseCodes.GOING_AWAY.code());
        }
        sendPool.stop(Duration.ofSeconds(5));
    }
}
