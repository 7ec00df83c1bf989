package dev.switchboard.config;

import java.util.Locale;

/**
 * Who the connecting user is.
 *
 * @param mode how a connection's user is established
 */
public record AuthSettings(Mode mode) {

    /** {@code auth.mode}: anyone may connect, as an anonymous user. */
    public static final Mode MODE = Mode.NONE;

    /** How a connection's user is established. */
    public enum Mode {
        /** Anonymous users; anyone may connect. */
        NONE,
        /** A bearer token. */
        JWT,
        /** The subject CN of the client's TLS certificate (standalone, with {@code tls.client.auth}). */
        MTLS,
        /** The principal the application server authenticated. */
        CONTAINER
    }

    static AuthSettings from(ConfigSource s) {
        String raw = s.raw("auth.mode");
        if (raw == null || raw.isBlank()) {
            return new AuthSettings(MODE);
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> new AuthSettings(Mode.NONE);
            case "jwt" -> new AuthSettings(Mode.JWT);
            case "mtls" -> new AuthSettings(Mode.MTLS);
            case "container" -> new AuthSettings(Mode.CONTAINER);
            default -> throw new ConfigException("auth.mode", "must be none, jwt, mtls or container, was '" + raw
                    + "'");
        };
    }
}
