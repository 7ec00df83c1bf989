package dev.switchboard.config;

/**
 * permessage-deflate (RFC 7692) on the standalone hub's WebSocket connections. In an application server the
 * server's WebSocket implementation decides (docs/deploy.md).
 *
 * @param enabled negotiate permessage-deflate with clients that offer it
 */
public record CompressionSettings(boolean enabled) {

    /** {@code compression.enabled}: negotiate permessage-deflate with clients that offer it (off). */
    public static final boolean ENABLED = false;

    static CompressionSettings from(ConfigSource s) {
        return new CompressionSettings(s.bool("compression.enabled", ENABLED));
    }
}
