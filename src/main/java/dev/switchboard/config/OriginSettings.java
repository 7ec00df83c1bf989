package dev.switchboard.config;

import java.util.List;

/**
 * Which browser origins may open a WebSocket.
 *
 * @param allowed  origin patterns; empty means the default (own origin, and loopback: localhost, 127.0.0.1, [::1])
 * @param required refuse handshakes without an {@code Origin} header
 */
public record OriginSettings(List<String> allowed, boolean required) {

    /**
     * {@code allowed.origins}: empty means the hub's own origin plus {@code http://localhost:*},
     * {@code http://127.0.0.1:*} and {@code http://[::1]:*}.
     */
    public static final String ALLOWED = "";
    /** {@code require.origin}: refuse handshakes without an {@code Origin} header. */
    public static final boolean REQUIRED = false;

    public OriginSettings {
        allowed = List.copyOf(allowed);
    }

    static OriginSettings from(ConfigSource s) {
        return new OriginSettings(
                s.list("allowed.origins", ALLOWED),
                s.bool("require.origin", REQUIRED));
    }
}
