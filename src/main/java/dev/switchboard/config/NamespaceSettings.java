package dev.switchboard.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Channel permissions and per-namespace overrides ({@code namespace.<ns>.*}). A namespace not listed follows
 * {@code namespace.default.*}, whose permissions default to {@code anyone} with {@code auth.mode=none} (the
 * development default) and to {@code authenticated} otherwise. See docs/security.md, "Channel permissions".
 *
 * @param defaults   the rules of every namespace not listed
 * @param namespaces the listed namespaces' rules, by namespace
 */
public record NamespaceSettings(NamespaceRules defaults, Map<String, NamespaceRules> namespaces) {

    /** Matches every key of this group: {@code namespace.<ns>.<setting>}. */
    static final Pattern KEY = Pattern.compile("namespace\\.([A-Za-z0-9_.@-]+?)\\.("
            + String.join("|", NamespaceRules.SETTINGS).replace(".", "\\.") + ")");

    public NamespaceSettings {
        namespaces = Map.copyOf(namespaces);
    }

    static NamespaceSettings from(ConfigSource s) {
        // auth.mode itself is validated by the authentication settings; here it only picks the default.
        boolean open = s.string("auth.mode", "none").equalsIgnoreCase("none");
        NamespaceRules base = NamespaceRules.all(open ? Permission.ANYONE : Permission.AUTHENTICATED);
        NamespaceRules defaults = NamespaceRules.read(s, "namespace.default.", base);
        Map<String, NamespaceRules> listed = new TreeMap<>();
        for (String key : s.keysMatching(KEY)) {
            var m = KEY.matcher(key);
            if (m.matches() && !m.group(1).equals("default")) {
                listed.computeIfAbsent(m.group(1), ns -> NamespaceRules.read(s, "namespace." + ns + ".", defaults));
            }
        }
        return new NamespaceSettings(defaults, listed);
    }

    /** @return the rules of {@code namespace} */
    public NamespaceRules rules(String namespace) {
        return namespaces.getOrDefault(namespace, defaults);
    }
}
