package dev.switchboard.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Builds a {@link HubConfig} from, in rising priority: {@link Defaults}, a resource layer (in an application server
 * {@code WEB-INF/switchboard.properties}, see {@link ConfigLayer}), a properties file, environment variables
 * ({@code SWITCHBOARD_} + the key upper-cased with dots as underscores) and system properties
 * ({@code -Dswitchboard.<key>}). Fails fast with a {@link ConfigException} naming the bad key.
 */
public final class ConfigLoader {

    /** Environment variable naming the properties file; {@code conf/switchboard.properties} when unset. */
    public static final String CONFIG_FILE_ENV = "SWITCHBOARD_CONFIG";
    /** System property naming the properties file. */
    public static final String CONFIG_FILE_PROPERTY = "switchboard.config";
    /** The properties file read when none is named and it exists. */
    public static final Path DEFAULT_FILE = Path.of("conf", "switchboard.properties");

    /** Every key the hub understands. */
    public static final Set<String> KEYS = Set.of("port", "host", "heartbeat.seconds", "idle.timeout.seconds",
            "max.message.bytes", "outbox.max.messages", "outbox.max.bytes", "send.timeout.seconds",
            "max.connections", "max.connections.per.ip", "allowed.origins", "require.origin", "history.size",
            "history.ttl.seconds", "presence.events", "api.key", "shutdown.grace.seconds", "metrics.public",
            "log.format", "io.threads", "send.threads");

    private static final String ENV_PREFIX = "SWITCHBOARD_";
    private static final String PROPERTY_PREFIX = "switchboard.";

    private ConfigLoader() {
    }

    /** Loads the configuration of this process: its file, environment and system properties. */
    public static HubConfig load() {
        return load(System.getenv(), System.getProperties());
    }

    /** Loads from the given environment and system properties (and the file they name, or the default file). */
    public static HubConfig load(Map<String, String> env, Properties system) {
        return load(env, system, Map.of());
    }

    /**
     * As {@link #load(Map, Properties)}, on top of {@code base}: settings the runtime read from a resource, such as
     * {@link #read(Reader, String)} of {@code WEB-INF/switchboard.properties}.
     */
    public static HubConfig load(Map<String, String> env, Properties system, Map<String, String> base) {
        Map<String, String> values = new LinkedHashMap<>(base);
        Path file = configFile(env, system);
        if (file != null) {
            values.putAll(readFile(file));
        }
        for (String key : KEYS) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith(PROPERTY_PREFIX) && !name.equals(CONFIG_FILE_PROPERTY)) {
                String key = name.substring(PROPERTY_PREFIX.length());
                if (!KEYS.contains(key)) {
                    throw new ConfigException(key, "unknown key (from -D" + name + ")");
                }
                values.put(key, system.getProperty(name));
            }
        }
        return fromMap(values);
    }

    /** @return the environment variable that overrides {@code key}, e.g. {@code SWITCHBOARD_HEARTBEAT_SECONDS} */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /**
     * Reads {@code properties}-format text (a file, or a resource such as {@code WEB-INF/switchboard.properties}),
     * rejecting unknown keys.
     */
    public static Map<String, String> read(Reader reader, String source) throws IOException {
        Properties props = new Properties();
        props.load(reader);
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : props.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException(key, "unknown key (in " + source + ")");
            }
            values.put(key, props.getProperty(key).trim());
        }
        return values;
    }

    private static Path configFile(Map<String, String> env, Properties system) {
        String named = system.getProperty(CONFIG_FILE_PROPERTY, env.get(CONFIG_FILE_ENV));
        if (named != null && !named.isBlank()) {
            Path path = Path.of(named);
            if (!Files.isRegularFile(path)) {
                throw new ConfigException(CONFIG_FILE_PROPERTY, "no such file: " + path.toAbsolutePath());
            }
            return path;
        }
        return Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null;
    }

    private static Map<String, String> readFile(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        } catch (IOException e) {
            throw new ConfigException(CONFIG_FILE_PROPERTY, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Builds a validated configuration from key/value pairs; missing keys take their defaults. */
    public static HubConfig fromMap(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException(key, "unknown key");
            }
        }
        Parser p = new Parser(values);
        return new HubConfig(
                p.integer("port", Defaults.PORT, -1, 65_535),
                p.string("host", Defaults.HOST),
                p.seconds("heartbeat.seconds", Defaults.HEARTBEAT),
                p.seconds("idle.timeout.seconds", Defaults.IDLE_TIMEOUT),
                p.integer("max.message.bytes", Defaults.MAX_MESSAGE_BYTES, 128, 64 * 1024 * 1024),
                p.integer("outbox.max.messages", Defaults.OUTBOX_MAX_MESSAGES, 1, Integer.MAX_VALUE),
                p.longValue("outbox.max.bytes", Defaults.OUTBOX_MAX_BYTES, 1024, Long.MAX_VALUE),
                p.seconds("send.timeout.seconds", Defaults.SEND_TIMEOUT),
                p.integer("max.connections", Defaults.MAX_CONNECTIONS, 1, Integer.MAX_VALUE),
                p.integer("max.connections.per.ip", Defaults.MAX_CONNECTIONS_PER_IP, 1, Integer.MAX_VALUE),
                p.list("allowed.origins", Defaults.ALLOWED_ORIGINS),
                p.bool("require.origin", Defaults.REQUIRE_ORIGIN),
                p.integer("history.size", Defaults.HISTORY_SIZE, 0, 1_000_000),
                p.seconds("history.ttl.seconds", Defaults.HISTORY_TTL),
                p.bool("presence.events", Defaults.PRESENCE_EVENTS),
                Optional.of(p.string("api.key", Defaults.API_KEY)).filter(s -> !s.isEmpty()),
                p.seconds("shutdown.grace.seconds", Defaults.SHUTDOWN_GRACE),
                p.bool("metrics.public", Defaults.METRICS_PUBLIC),
                p.logFormat("log.format", Defaults.LOG_FORMAT),
                p.integer("io.threads", Defaults.IO_THREADS, 0, 256),
                p.integer("send.threads", Defaults.SEND_THREADS, 0, 256));
    }

    /** Typed reads of raw values, each failing with the key's name. */
    private record Parser(Map<String, String> values) {

        String string(String key, String fallback) {
            String v = values.get(key);
            return v == null ? fallback : v.trim();
        }

        int integer(String key, int fallback, int min, int max) {
            long v = longValue(key, fallback, min, max);
            return (int) v;
        }

        long longValue(String key, long fallback, long min, long max) {
            String raw = values.get(key);
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

        Duration seconds(String key, Duration fallback) {
            String raw = values.get(key);
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
            String raw = values.get(key);
            if (raw == null || raw.isBlank()) {
                return fallback;
            }
            return switch (raw.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(key, "must be true or false, was '" + raw + "'");
            };
        }

        LogFormat logFormat(String key, LogFormat fallback) {
            String raw = values.get(key);
            if (raw == null || raw.isBlank()) {
                return fallback;
            }
            return switch (raw.trim().toLowerCase(Locale.ROOT)) {
                case "json" -> LogFormat.JSON;
                case "text" -> LogFormat.TEXT;
                default -> throw new ConfigException(key, "must be json or text, was '" + raw + "'");
            };
        }

        List<String> list(String key, String fallback) {
            String raw = string(key, fallback);
            return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }
}
