package dev.switchboard.config;

import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The keys the hub understands, and the closest of them to a misspelled one. Immutable.
 *
 * @param keys every known key, in the order the groups declare them
 */
record KnownKeys(Set<String> keys) {

    boolean contains(String key) {
        return keys.contains(key) || HubConfig.isPatternKey(key);
    }

    /** As {@link #unknown(String, String, String, UnaryOperator)} for a key written as a key. */
    ConfigException unknown(String key, String where) {
        return unknown(key, key, where, UnaryOperator.identity());
    }

    /**
     * @param name  the setting as written, e.g. an environment variable; the exception names it
     * @param key   {@code name} as a key, compared with the known keys
     * @param where where it was found, e.g. {@code in conf/switchboard.properties}; empty for nowhere in particular
     * @param spell writes a suggested key the way {@code name} is written
     * @return the failure for an unknown key, suggesting the closest known key when it is close
     */
    ConfigException unknown(String name, String key, String where, UnaryOperator<String> spell) {
        String problem = where.isEmpty() ? "unknown key" : "unknown key (" + where + ")";
        return new ConfigException(name,
                problem + closest(key).map(k -> "; did you mean " + spell.apply(k) + "?").orElse(""));
    }

    /** @return the known key nearest to {@code key} by edit distance, when at most about a third of it differs */
    Optional<String> closest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : keys) {
            int d = distance(key, known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each count one. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
