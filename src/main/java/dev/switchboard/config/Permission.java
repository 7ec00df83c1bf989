package dev.switchboard.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * Who may do one thing on a namespace's channels ({@code namespace.<ns>.subscribe} and friends): the words of the
 * configuration, checked once per request. See docs/security.md, "Channel permissions".
 */
public enum Permission {
    /** Any connection, anonymous ones included. */
    ANYONE,
    /** Any connection whose user is not anonymous. */
    AUTHENTICATED,
    /** Only the user's personal channels: {@code <ns>:<user>} and {@code <ns>:<user>:<anything>}. */
    OWNER,
    /** The token's claims decide: {@code channels} (subscribe, history, presence) and {@code publish} patterns. */
    CLAIM,
    /** Publish only: the HTTP API and the {@code Hub} bean, never a WebSocket client. */
    SERVER,
    /** No one. */
    NOBODY;

    /** @return the word as written in the configuration */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws ConfigException naming {@code key} when {@code raw} is not one of the words */
    static Permission parse(String key, String raw) {
        String word = raw.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.word().equals(word)).findFirst()
                .orElseThrow(() -> new ConfigException(key, "must be one of anyone, authenticated, owner, claim, "
                        + "server (publish only) or nobody, was '" + raw + "'"));
    }
}
