package dev.switchboard.config;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one namespace allows and keeps: a permission per action, and overrides of the global presence and history
 * settings (empty: the global one applies). Immutable.
 *
 * @param subscribe      {@code namespace.<ns>.subscribe}
 * @param publish        {@code namespace.<ns>.publish} ({@link Permission#SERVER} allowed here only)
 * @param history        {@code namespace.<ns>.history}
 * @param presence       {@code namespace.<ns>.presence}
 * @param presenceEvents {@code namespace.<ns>.presence.events}
 * @param historySize    {@code namespace.<ns>.history.size}
 * @param historyTtl     {@code namespace.<ns>.history.ttl.seconds}
 */
public record NamespaceRules(Permission subscribe, Permission publish, Permission history, Permission presence,
        Optional<Boolean> presenceEvents, OptionalInt historySize, Optional<Duration> historyTtl) {

    /** The settings a namespace may have, after {@code namespace.<ns>.}; the longest first. */
    static final String[] SETTINGS = {"history.ttl.seconds", "presence.events", "history.size", "subscribe",
        "publish", "history", "presence"};

    /** @return rules allowing every action to {@code everyone}, with no overrides */
    static NamespaceRules all(Permission everyone) {
        return new NamespaceRules(everyone, everyone, everyone, everyone, Optional.empty(), OptionalInt.empty(),
                Optional.empty());
    }

    /** Reads {@code <prefix>.<setting>} for every setting, each falling back to {@code base}'s. */
    static NamespaceRules read(ConfigSource s, String prefix, NamespaceRules base) {
        NamespaceRules rules = new NamespaceRules(
                permission(s, prefix + "subscribe", base.subscribe()),
                permission(s, prefix + "publish", base.publish()),
                permission(s, prefix + "history", base.history()),
                permission(s, prefix + "presence", base.presence()),
                s.raw(prefix + "presence.events") == null ? base.presenceEvents()
                        : Optional.of(s.bool(prefix + "presence.events", false)),
                s.raw(prefix + "history.size") == null ? base.historySize()
                        : OptionalInt.of(s.integer(prefix + "history.size", 0, 0, 1_000_000)),
                s.raw(prefix + "history.ttl.seconds") == null ? base.historyTtl()
                        : Optional.of(s.seconds(prefix + "history.ttl.seconds", Duration.ZERO)));
        for (String action : new String[] {"subscribe", "history", "presence"}) {
            if (s.raw(prefix + action) != null && Permission.parse(prefix + action, s.raw(prefix + action))
                    == Permission.SERVER) {
                throw new ConfigException(prefix + action, "'server' is for publish only");
            }
        }
        return rules;
    }

    private static Permission permission(ConfigSource s, String key, Permission fallback) {
        String raw = s.raw(key);
        return raw == null || raw.isBlank() ? fallback : Permission.parse(key, raw);
    }
}
