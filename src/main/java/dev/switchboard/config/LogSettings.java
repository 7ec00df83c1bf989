package dev.switchboard.config;

import java.util.Locale;

/**
 * How the standalone hub writes its log; in an application server the server's logging applies.
 *
 * @param format JSON objects or text lines
 */
public record LogSettings(LogFormat format) {

    /** {@code log.format}: {@code json} or {@code text}. */
    public static final LogFormat FORMAT = LogFormat.JSON;

    static LogSettings from(ConfigSource s) {
        return new LogSettings(format(s, "log.format"));
    }

    private static LogFormat format(ConfigSource s, String key) {
        String raw = s.raw(key);
        if (raw == null || raw.isBlank()) {
            return FORMAT;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> LogFormat.JSON;
            case "text" -> LogFormat.TEXT;
            default -> throw new ConfigException(key, "must be json or text, was '" + raw + "'");
        };
    }
}
