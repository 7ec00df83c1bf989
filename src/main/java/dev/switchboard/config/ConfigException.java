package dev.switchboard.config;

/** A setting is missing or invalid. The message names the key, so start-up can fail with a clear line. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String problem) {
        super("Invalid setting '" + key + "': " + problem);
        this.key = key;
    }

    /** @return the offending key, as written in {@code switchboard.properties} */
    public String key() {
        return key;
    }
}
