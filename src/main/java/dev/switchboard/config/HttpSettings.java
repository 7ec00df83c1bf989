package dev.switchboard.config;

import java.util.Optional;

/**
 * Who may call the HTTP API and read {@code /metrics}.
 *
 * @param apiKey        the HTTP API key; empty when the API answers loopback callers only
 * @param metricsPublic serve {@code /metrics} without the API key
 */
public record HttpSettings(Optional<String> apiKey, boolean metricsPublic) {

    /** {@code api.key}: empty means the HTTP API answers loopback callers only. */
    public static final String API_KEY = "";
    /** {@code metrics.public}: serve {@code /metrics} without the API key. */
    public static final boolean METRICS_PUBLIC = false;

    static HttpSettings from(ConfigSource s) {
        return new HttpSettings(
                Optional.of(s.string("api.key", API_KEY)).filter(key -> !key.isEmpty()),
                s.bool("metrics.public", METRICS_PUBLIC));
    }
}
