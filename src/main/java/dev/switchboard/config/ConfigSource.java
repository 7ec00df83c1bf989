package dev.switchboard.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Raw key/value settings read as typed values, each failing with a {@link ConfigException} naming its key. Records
 * every key asked for: the known keys are what the groups read, so a group reads each of its keys unconditionally.
 * Not thread-safe: one per load.
 */
final class ConfigSource {

    private final Map<String, String> values;
    private final Set<String> read = new LinkedHashSet<>();

    ConfigSource(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** @return every key read so far, in the order the groups read them */
    Set<String> keysRead() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(read));
    }

    String string(String key, String fallback) {
        String v = raw(key);
        return v == null ? fallback : v.trim();
    }

    int integer(String key, int fallback, int min, int max) {
        return (int) longValue(key, fallback, min, max);
    }

    long longValue(String key, long fallback, long min, long max) {
        String raw = raw(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(raw.trim());
            if (v < min || v > max) {
                throw new ConfigException(key, "must be between " + min + " and " + max + ", was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number, was '" + raw + "'");
        }
    }

    /** A positive number of seconds, fractions allowed, at most a year. */
    Duration seconds(String key, Duration fallback) {
        String raw = raw(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            double seconds = Double.parseDouble(raw.trim());
            if (!(seconds > 0) || seconds > 365L * 24 * 3600) {
                throw new ConfigException(key, "must be a positive number of seconds, was " + raw);
            }
            return Duration.ofNanos(Math.round(seconds * 1_000_000_000d));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a number of seconds, was '" + raw + "'");
        }
    }

    boolean bool(String key, boolean fallback) {
        String raw = raw(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, "must be true or false, was '" + raw + "'");
        };
    }

    /** Comma-separated, each item trimmed, empty items dropped. */
    List<String> list(String key, String fallback) {
        String raw = string(key, fallback);
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** @return the keys set (not defaults) that match {@code pattern} whole, sorted */
    SortedSet<String> keysMatching(Pattern pattern) {
        SortedSet<String> out = new TreeSet<>();
        for (String key : values.keySet()) {
            if (pattern.matcher(key).matches()) {
                out.add(key);
            }
        }
        return out;
    }

    /** @return the value as written, or null when unset */
    String raw(String key) {
        read.add(key);
        return values.get(key);
    }
}
