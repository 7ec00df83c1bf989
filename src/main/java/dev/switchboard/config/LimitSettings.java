package dev.switchboard.config;

/**
 * What one client may send and how many may connect.
 *
 * @param maxMessageBytes     the largest client message, bytes (1009 beyond it)
 * @param maxConnections      open connections in the hub (503 beyond it)
 * @param maxConnectionsPerIp open connections from one remote address (429 beyond it)
 */
public record LimitSettings(int maxMessageBytes, int maxConnections, int maxConnectionsPerIp) {

    /** {@code max.message.bytes}: the largest message a client may send, in bytes (64 KiB). */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** {@code max.connections}: open connections in the whole hub. */
    public static final int MAX_CONNECTIONS = 100_000;
    /** {@code max.connections.per.ip}: open connections from one remote address. */
    public static final int MAX_CONNECTIONS_PER_IP = 1_000;

    static LimitSettings from(ConfigSource s) {
        return new LimitSettings(
                s.integer("max.message.bytes", MAX_MESSAGE_BYTES, 128, 64 * 1024 * 1024),
                s.integer("max.connections", MAX_CONNECTIONS, 1, Integer.MAX_VALUE),
                s.integer("max.connections.per.ip", MAX_CONNECTIONS_PER_IP, 1, Integer.MAX_VALUE));
    }
}
