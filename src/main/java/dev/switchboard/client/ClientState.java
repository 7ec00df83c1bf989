package dev.switchboard.client;

/**
 * The states of a {@link SwitchboardClient}: {@code IDLE → CONNECTING → CONNECTED → DISCONNECTED → CONNECTING … →
 * CLOSED}. {@link #CLOSED} is terminal. A state changes only through a {@link Transition}.
 */
public enum ClientState {
    /** Built, {@link SwitchboardClient#connect()} not called yet. */
    IDLE,
    /** A connection attempt (token, TCP, handshake) is under way. */
    CONNECTING,
    /** The WebSocket is open; subscriptions are (re)sent and queued publishes flushed. */
    CONNECTED,
    /** Lost or failed; the next attempt is scheduled after a backoff delay. */
    DISCONNECTED,
    /** Terminal: closed by the application, refused for good by the hub, or out of attempts. */
    CLOSED
}
