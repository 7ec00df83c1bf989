package dev.switchboard.registry;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.switchboard.outbox.DrainBatch;
import dev.switchboard.outbox.EnqueueResult;
import dev.switchboard.outbox.Outbox;
import dev.switchboard.protocol.OutboundFrame;

/**
 * One open WebSocket connection as the hub sees it: identity, its outbox, its subscriptions and when it was last
 * heard from. Thread-safe. Created and closed only by {@link ConnectionRegistry}.
 */
public final class Connection {

    /** Completed, shared by every connection that has no request in handling: none is made per connection. */
    private static final CompletionStage<Void> NO_REQUEST = CompletableFuture.completedFuture(null);

    private final String id;
    private final String user;
    private final String remoteAddress;
    private final String traceId;
    private final Outbox outbox;
    /** Sized for the few channels most connections join; grows as needed. */
    private final Set<String> channels = ConcurrentHashMap.newKeySet(2);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Identity identity;
    private volatile long lastSeenNanos;
    private volatile long lastPingNanos;
    /** The last request's handling, complete once its reply is queued; the next waits for it (see requestsDone). */
    private volatile CompletionStage<Void> lastRequest = NO_REQUEST;

    Connection(String id, String user, Identity identity, String remoteAddress, String traceId, Outbox outbox,
            long nowNanos) {
        this.id = id;
        this.user = user;
        this.identity = identity;
        this.remoteAddress = remoteAddress;
        this.traceId = traceId;
        this.outbox = outbox;
        this.lastSeenNanos = nowNanos;
        this.lastPingNanos = nowNanos;
    }

    /** @return the session id the client received in {@code welcome} */
    public String id() {
        return id;
    }

    /** @return whether no user was authenticated at the handshake (the user is then {@code anon-<id>}) */
    public boolean isAnonymous() {
        return !identity.authenticated();
    }

    /** @return the user, or {@code anon-<id>} for anonymous connections */
    public String user() {
        return user;
    }

    /** @return who authenticated, with the token's claims and expiry; anonymous connections have no claims */
    public Identity identity() {
        return identity;
    }

    /**
     * @return when the credentials expire, epoch milliseconds, or {@link Long#MAX_VALUE} for never; the heartbeat
     *         closes the connection with 4501 once this (plus the clock skew) has passed
     */
    public long expiresAtMillis() {
        Instant expiresAt = identity.expiresAt();
        return expiresAt == null ? Long.MAX_VALUE : expiresAt.toEpochMilli();
    }

    /**
     * Replaces the identity with a freshly verified one for the same user (a {@code refresh}).
     *
     * @return false, changing nothing, when {@code next} names another user or is not authenticated
     */
    public boolean refresh(Identity next) {
        if (!next.authenticated() || !user.equals(next.user())) {
            return false;
        }
        identity = next;
        return true;
    }

    /** @return the peer's IP address */
    public String remoteAddress() {
        return remoteAddress;
    }

    /**
     * @return the handling of the connection's latest request, complete once its reply was queued; requests are
     *         read one at a time, so only the reading thread sets it
     */
    public CompletionStage<Void> lastRequest() {
        return lastRequest;
    }

    /** Records the handling of the latest request; called by the reading thread only. */
    public void lastRequest(CompletionStage<Void> handling) {
        this.lastRequest = handling;
    }

    /** @return the W3C trace id of the handshake ({@code traceparent}), or null */
    public String traceId() {
        return traceId;
    }

    /** @return the channels this connection is subscribed to (a live, unmodifiable view) */
    public Set<String> channels() {
        return Collections.unmodifiableSet(channels);
    }

    /** @return whether the connection is subscribed to {@code channel} */
    public boolean isSubscribed(String channel) {
        return channels.contains(channel);
    }

    /** @return whether the close path has started */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Queues a frame for this connection. Never blocks.
     *
     * @return the outbox's answer; on {@link EnqueueResult#OVERFLOW} the caller hands the close off to
     *         {@link ConnectionRegistry#closeLater}
     */
    public EnqueueResult send(String frame) {
        return outbox.enqueue(OutboundFrame.of(frame));
    }

    /**
     * Queues an encoded frame for this connection; the same frame may go to many connections. Never blocks.
     *
     * @return as {@link #send(String)}
     */
    public EnqueueResult send(OutboundFrame frame) {
        return outbox.enqueue(frame);
    }

    /**
     * Queues an encoded frame as {@link #send(OutboundFrame)} does, leaving the drain it starts to {@code batch}:
     * a fan-out schedules its subscribers' writes a chunk at a time. Never blocks.
     *
     * @return as {@link #send(String)}
     */
    public EnqueueResult send(OutboundFrame frame, DrainBatch batch) {
        return outbox.enqueue(frame, batch);
    }

    /**
     * Runs {@code refill} once, on the send pool, when at most {@code frames} frames are queued for this connection:
     * how a long stream (a recovery replay) is paced by the peer's reading. Never blocks.
     *
     * @return false once the connection is closing: {@code refill} will never run
     */
    public boolean refillWhenAtMost(int frames, Runnable refill) {
        return outbox.refillWhenAtMost(frames, refill);
    }

    /** Records that something arrived from the peer (a message or a pong). */
    public void touch(long nowNanos) {
        lastSeenNanos = nowNanos;
    }

    /** @return when something last arrived from the peer, {@link dev.switchboard.support.MonotonicClock} nanos */
    public long lastSeenNanos() {
        return lastSeenNanos;
    }

    /** @return when the heartbeat last pinged this connection */
    public long lastPingNanos() {
        return lastPingNanos;
    }

    void pinged(long nowNanos) {
        lastPingNanos = nowNanos;
    }

    /** @return the frames queued for this connection (not counting a write in flight) */
    public int queuedMessages() {
        return outbox.queuedMessages();
    }

    /** @return whether the write in flight has been stuck for longer than {@code timeout} at {@code nowNanos} */
    public boolean isWriteStalled(long nowNanos, java.time.Duration timeout) {
        return outbox.isWriteStalled(nowNanos, timeout);
    }

    Outbox outbox() {
        return outbox;
    }

    boolean addChannel(String channel) {
        return channels.add(channel);
    }

    boolean removeChannel(String channel) {
        return channels.remove(channel);
    }

    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return "Connection[" + id + ", user=" + user + "]";
    }
}
