package dev.switchboard.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code auth.mode}: how the hub learns who is connecting. See docs/security.md, "Authentication". */
public enum AuthMode {
    /** Anyone may connect, as an anonymous user: development only. */
    NONE,
    /** A signed JWT at the handshake ({@code Authorization: Bearer} or {@code access_token}); sub: the user. */
    JWT,
    /** The client certificate's subject CN (standalone, with {@code tls.client.auth}). */
    MTLS,
    /** The principal the application server authenticated (WAR and library). */
    CONTAINER;

    /** @return the mode as written in the configuration */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AuthMode parse(String key, String raw) {
        for (AuthMode mode : values()) {
            if (mode.word().equalsIgnoreCase(raw.trim())) {
                return mode;
            }
        }
        throw new ConfigException(key, "must be one of " + Arrays.stream(values()).map(AuthMode::word)
                .collect(Collectors.joining(", ")) + ", was '" + raw + "'");
    }
}
