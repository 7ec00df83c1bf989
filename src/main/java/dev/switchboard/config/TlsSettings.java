package dev.switchboard.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * TLS of the standalone hub: {@code wss://} and {@code https://} on its one port (TLS 1.3 and 1.2 only), and
 * mutual TLS; in an application server the server's own TLS applies. {@link #toString()} hides the passwords.
 *
 * @param enabled            serve TLS on the port instead of plain HTTP and WebSocket
 * @param keystore           the PKCS#12 file with the server's key and certificate chain; required when enabled
 * @param keystorePassword   its password
 * @param clientAuth         whether clients must, may or need not present a certificate
 * @param truststore         the PKCS#12 file with the CAs that client certificates must chain to; empty: the JDK's
 * @param truststorePassword its password
 */
public record TlsSettings(boolean enabled, Optional<Path> keystore, String keystorePassword, ClientAuth clientAuth,
        Optional<Path> truststore, String truststorePassword) {

    /** {@code tls.enabled}: plain HTTP and WebSocket unless set. */
    public static final boolean ENABLED = false;
    /** {@code tls.client.auth}: no client certificate asked for. */
    public static final ClientAuth CLIENT_AUTH = ClientAuth.NONE;

    /** Whether the TLS handshake asks for a client certificate. */
    public enum ClientAuth {
        /** Not asked for. */
        NONE,
        /** Asked for; a client without one still connects (a bad one fails the TLS handshake). */
        OPTIONAL,
        /** Demanded: a client without a certificate from the trust store fails the TLS handshake. */
        REQUIRED
    }

    static TlsSettings from(ConfigSource s) {
        boolean enabled = s.bool("tls.enabled", ENABLED);
        Optional<Path> keystore = path(s, "tls.keystore");
        String keystorePassword = s.string("tls.keystore.password", "");
        ClientAuth clientAuth = clientAuth(s, "tls.client.auth");
        Optional<Path> truststore = path(s, "tls.truststore");
        String truststorePassword = s.string("tls.truststore.password", "");
        if (enabled && keystore.isEmpty()) {
            throw new ConfigException("tls.keystore", "is required when tls.enabled=true");
        }
        if (clientAuth != ClientAuth.NONE && !enabled) {
            throw new ConfigException("tls.client.auth", "needs tls.enabled=true");
        }
        return new TlsSettings(enabled, keystore, keystorePassword, clientAuth, truststore, truststorePassword);
    }

    private static Optional<Path> path(ConfigSource s, String key) {
        return Optional.of(s.string(key, "")).filter(p -> !p.isEmpty()).map(Path::of);
    }

    private static ClientAuth clientAuth(ConfigSource s, String key) {
        String raw = s.raw(key);
        if (raw == null || raw.isBlank()) {
            return CLIENT_AUTH;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> ClientAuth.NONE;
            case "optional" -> ClientAuth.OPTIONAL;
            case "required" -> ClientAuth.REQUIRED;
            default -> throw new ConfigException(key, "must be none, optional or required, was '" + raw + "'");
        };
    }

    @Override
    public String toString() {
        return "TlsSettings[enabled=" + enabled + ", keystore=" + keystore + ", keystorePassword=***, clientAuth="
                + clientAuth + ", truststore=" + truststore + ", truststorePassword=***]";
    }
}
