package dev.switchboard.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds a validated {@link HubConfig}, in rising priority, from the groups' defaults, the runtime's
 * {@link ConfigLayer}, a file, {@code SWITCHBOARD_<KEY>} variables and {@code -Dswitchboard.<key>} properties.
 * Fails fast naming the bad key, an unknown one with the closest known key. Stateless.
 */
public final class ConfigLoader {

    /** Environment variable naming the properties file; {@code conf/switchboard.properties} when unset. */
    public static final String CONFIG_FILE_ENV = "SWITCHBOARD_CONFIG";
    /** System property naming the properties file. */
    public static final String CONFIG_FILE_PROPERTY = "switchboard.config";
    /** The properties file read when none is named and it exists. */
    public static final Path DEFAULT_FILE = Path.of("conf", "switchboard.properties");

    /** Every key the hub understands: the keys {@link HubConfig}'s groups read. */
    public static final Set<String> KEYS = HubConfig.keys();

    private static final KnownKeys KNOWN = new KnownKeys(KEYS);
    private static final String ENV_PREFIX = "SWITCHBOARD_";
    private static final String PROPERTY_PREFIX = "switchboard.";
    private static final Map<String, String> KEYS_BY_ENV_NAME = KEYS.stream()
            .collect(Collectors.toUnmodifiableMap(ConfigLoader::envName, Function.identity()));
    /**
     * What Kubernetes (and Docker links) set for a service whose name starts with "switchboard", e.g.
     * {@code SWITCHBOARD_REDIS_SERVICE_HOST}: not ours, so ignored rather than reported as unknown keys.
     */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "SWITCHBOARD\\w*_(SERVICE_HOST|SERVICE_PORT(_\\w+)?|PORT(_\\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)");

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
        values.putAll(fromEnvironment(env));
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith(PROPERTY_PREFIX) && !name.equals(CONFIG_FILE_PROPERTY)) {
                String key = name.substring(PROPERTY_PREFIX.length());
                if (!KNOWN.contains(key)) {
                    throw KNOWN.unknown(key, "from -D" + name);
                }
                values.put(key, system.getProperty(name));
            }
        }
        return fromMap(values);
    }

    /**
     * @return the settings among {@code SWITCHBOARD_*} variables, by key
     * @throws ConfigException naming a {@code SWITCHBOARD_*} variable that is no key, the file variable or a service
     *                         link
     */
    private static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : env.entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(ENV_PREFIX) || name.equals(CONFIG_FILE_ENV)) {
                continue;
            }
            String key = KEYS_BY_ENV_NAME.getOrDefault(name, namespaceKey(name));
            if (key != null) {
                values.put(key, variable.getValue());
            } else if (!SERVICE_LINK.matcher(name).matches()) {
                String asKey = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                throw KNOWN.unknown(name, asKey, "from the environment", ConfigLoader::envName);
            }
        }
        return values;
    }

    /**
     * @return the key of a namespace variable, {@code SWITCHBOARD_NAMESPACE_<NS>_<SETTING>} with the namespace
     *         lower-cased (e.g. {@code SWITCHBOARD_NAMESPACE_CHAT_PUBLISH} is {@code namespace.chat.publish}), or null
     */
    static String namespaceKey(String name) {
        String prefix = ENV_PREFIX + "NAMESPACE_";
        if (!name.startsWith(prefix)) {
            return null;
        }
        for (String setting : NamespaceRules.SETTINGS) {
            String suffix = "_" + setting.toUpperCase(Locale.ROOT).replace('.', '_');
            if (name.endsWith(suffix) && name.length() > prefix.length() + suffix.length()) {
                String namespace = name.substring(prefix.length(), name.length() - suffix.length());
                return "namespace." + namespace.toLowerCase(Locale.ROOT) + "." + setting;
            }
        }
        return null;
    }

    /**
     * @return the environment variable that overrides {@code key}: {@code SWITCHBOARD_} and the key upper-cased,
     *         dots as underscores, e.g. {@code SWITCHBOARD_HEARTBEAT_SECONDS}
     */
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
            if (!KNOWN.contains(key)) {
                throw KNOWN.unknown(key, "in " + source);
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
            if (!KNOWN.contains(key)) {
                throw KNOWN.unknown(key, "");
            }
        }
        return HubConfig.from(new ConfigSource(values));
    }
}
