package dev.switchboard.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How JWTs are verified in {@code auth.mode=jwt}: exactly one key source (an HMAC secret, a PEM public key, a
 * JWKS file or a JWKS URL), the expected issuer and audience, and the clock skew. {@link #toString()} hides the
 * secret.
 *
 * @param secret        {@code auth.jwt.secret}: HS256/384/512 key, at least 32 bytes
 * @param publicKeyFile {@code auth.jwt.public.key.file}: PEM public key or certificate (RSA or EC)
 * @param jwksFile      {@code auth.jwt.jwks.file}: a JSON Web Key Set on disk
 * @param jwksUrl       {@code auth.jwt.jwks.url}: an identity provider's JWKS endpoint
 * @param jwksTimeout   {@code auth.jwt.jwks.timeout.seconds}: connect and read timeout of a JWKS fetch
 * @param issuer        {@code auth.jwt.issuer}: the required {@code iss}, when set
 * @param audience      {@code auth.jwt.audience}: a required {@code aud} value, when set
 * @param clockSkew     {@code auth.jwt.clock.skew.seconds}: tolerance on exp and nbf; 0 is exact
 */
public record JwtSettings(Optional<String> secret, Optional<Path> publicKeyFile, Optional<Path> jwksFile,
        Optional<URI> jwksUrl, Duration jwksTimeout, Optional<String> issuer, Optional<String> audience,
        Duration clockSkew) {

    /** The shortest HMAC secret accepted, in bytes (RFC 7518 §3.2: at least the hash size of HS256). */
    public static final int MIN_SECRET_BYTES = 32;
    /** {@code auth.jwt.jwks.timeout.seconds}: connect and read timeout of a JWKS fetch. */
    public static final int JWKS_TIMEOUT_SECONDS = 2;
    /** {@code auth.jwt.clock.skew.seconds}: tolerance on {@code exp} and {@code nbf}. */
    public static final int CLOCK_SKEW_SECONDS = 30;

    static final String SECRET = "auth.jwt.secret";
    static final String PUBLIC_KEY_FILE = "auth.jwt.public.key.file";
    static final String JWKS_FILE = "auth.jwt.jwks.file";
    static final String JWKS_URL = "auth.jwt.jwks.url";

    static JwtSettings from(ConfigSource s) {
        Optional<String> secret = Optional.ofNullable(s.raw(SECRET)).filter(v -> !v.isEmpty());
        Optional<Path> publicKey = path(s, PUBLIC_KEY_FILE);
        Optional<Path> jwksFile = path(s, JWKS_FILE);
        Optional<URI> jwksUrl = Optional.of(s.string(JWKS_URL, "")).filter(v -> !v.isEmpty())
                .map(v -> url(v));
        Duration timeout = Duration.ofSeconds(s.integer("auth.jwt.jwks.timeout.seconds", JWKS_TIMEOUT_SECONDS, 1,
                60));
        Optional<String> issuer = Optional.of(s.string("auth.jwt.issuer", "")).filter(v -> !v.isEmpty());
        Optional<String> audience = Optional.of(s.string("auth.jwt.audience", "")).filter(v -> !v.isEmpty());
        Duration skew = Duration.ofSeconds(s.integer("auth.jwt.clock.skew.seconds", CLOCK_SKEW_SECONDS, 0, 3600));
        // Never echo the secret: a too-short one is named by its key and length only.
        if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new ConfigException(SECRET, "must be at least " + MIN_SECRET_BYTES + " bytes, was "
                    + secret.get().getBytes(StandardCharsets.UTF_8).length);
        }
        return new JwtSettings(secret, publicKey, jwksFile, jwksUrl, timeout, issuer, audience, skew);
    }

    /** @return the names of the key sources that are set */
    List<String> keySources() {
        List<String> set = new ArrayList<>();
        secret.ifPresent(v -> set.add(SECRET));
        publicKeyFile.ifPresent(v -> set.add(PUBLIC_KEY_FILE));
        jwksFile.ifPresent(v -> set.add(JWKS_FILE));
        jwksUrl.ifPresent(v -> set.add(JWKS_URL));
        return set;
    }

    private static Optional<Path> path(ConfigSource s, String key) {
        return Optional.of(s.string(key, "")).filter(v -> !v.isEmpty()).map(Path::of);
    }

    private static URI url(String raw) {
        try {
            URI uri = new URI(raw);
            if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
                throw new ConfigException(JWKS_URL, "must be an http or https URL");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(JWKS_URL, "is not a URL");
        }
    }

    @Override
    public String toString() {
        return "JwtSettings[secret=" + (secret.isPresent() ? "(set)" : "(unset)") + ", publicKeyFile="
                + publicKeyFile + ", jwksFile=" + jwksFile + ", jwksUrl=" + jwksUrl
                + ", jwksTimeout=" + jwksTimeout
                + ", issuer=" + issuer + ", audience=" + audience + ", clockSkew=" + clockSkew + "]";
    }
}
