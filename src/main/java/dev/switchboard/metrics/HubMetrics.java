package dev.switchboard.metrics;

/**
 * Everything the hub counts and times. Implementations must be thread-safe and must never throw. Label values are
 * bounded: no user ids or channel names.
 */
public interface HubMetrics {

    /** A connection was opened (registered). */
    void connectionOpened();

    /** A connection was closed with this code (the code the hub sent, or the peer's). */
    void connectionClosed(int code);

    /** A handshake was refused; reason is one of {@code origin|auth|limit|rate}. */
    void handshakeRefused(String reason);

    /** A frame arrived from a client. */
    void messageReceived(int bytes);

    /** A text frame of {@code bytes} UTF-8 bytes finished writing to a client, {@code queuedNanos} after it was enqueued. */
    void messageSent(int bytes, long queuedNanos);

    /** A message was published to a channel in this namespace. */
    void published(String namespace);

    /** An error frame with this code was sent. */
    void errorSent(String code);

    /** A session was closed for not answering heartbeats. */
    void heartbeatTimeout();

    /** A request was refused by a rate limit; kind is one of {@code message|bytes|handshake|api}. */
    void rateLimited(String kind);

    /** One session's queue depth, sampled with each heartbeat ping (a distribution over sessions). */
    void outboxDepth(int queuedMessages);

    /** A recovery replay started (paced from history as the subscriber reads). */
    void replayStarted();

    /** A recovery replay ended: caught up, cancelled, or cut because its connection closed. */
    void replayEnded();

    /** The outboxes' queues changed by these amounts of frames and payload bytes (summed over sessions). */
    void outboxChanged(int deltaMessages, long deltaBytes);

    /** A connection subscribed to a channel; {@code firstOnChannel} when the channel had no subscriber here before. */
    void subscriptionAdded(boolean firstOnChannel);

    /** A subscription ended (unsubscribe or close); {@code lastOnChannel} when the channel has none here now. */
    void subscriptionRemoved(boolean lastOnChannel);
}
