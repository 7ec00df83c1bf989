package dev.switchboard.config;

import java.util.Locale;

/**
 * How the standalone hub writes its log; in an application server the server's logging applies.
 *
 * @param format JSON objects, text lines, or {@link LogFormat#AUTO} for the runtime to choose at start-up
 */
public record LogSettings(LogFormat format) {

    /**
     * {@code log.format}: {@code json}, {@code text} or {@code auto}; unset means auto, text when standard output is
     * a terminal and JSON otherwise.
     */
    public static final LogFormat FORMAT = LogFormat.AUTO;

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
            case "auto" -> LogFormat.AUTO;
            default -> throw new ConfigException(key, "must be json, text or auto, was '" + raw + "'");
        };
    }
}
