package dev.switchboard.http;

import java.util.Collection;
import java.util.List;

import dev.switchboard.admission.ChannelPermissions;
import dev.switchboard.registry.Identity;

/**
 * Who called the HTTP API, as {@link ApiAccessFilter} established it: the API key (or a loopback caller when no key
 * is set), which may do everything, or a JWT whose claims say what it may do. Immutable.
 *
 * @param token the verified token's identity; null for the API key or a loopback caller
 */
public record ApiCaller(Identity token) {

    /** The claim holding the caller's roles on the hub, e.g. {@code "switchboard":["admin"]}. */
    public static final String ROLES_CLAIM = "switchboard";
    /** The role that may manage revocations and message users directly. */
    public static final String ADMIN = "admin";
    /** The API key or a loopback caller. */
    public static final ApiCaller KEY = new ApiCaller(null);

    /** @return whether the caller may manage revocations and send to users: the key, or the admin role */
    public boolean isAdmin() {
        return token == null || strings(token.claims().get(ROLES_CLAIM)).contains(ADMIN);
    }

    /** @return whether the caller may publish to {@code channel}: the key, admin, or the token's publish patterns */
    public boolean mayPublish(String channel) {
        return isAdmin() || matches(ChannelPermissions.PUBLISH_CLAIM, channel);
    }

    /** @return whether the caller may read {@code channel}'s history: the key, admin, or its channels patterns */
    public boolean mayRead(String channel) {
        return isAdmin() || matches(ChannelPermissions.CHANNELS_CLAIM, channel);
    }

    /** @return the subject the API's rate limit is kept for: the token's user, or null for the key */
    public String subject() {
        return token == null ? null : token.user();
    }

    private boolean matches(String claim, String channel) {
        return ChannelPermissions.claimMatches(token, claim, channel);
    }

    private static List<String> strings(Object claim) {
        if (claim instanceof String single) {
            return List.of(single);
        }
        return claim instanceof Collection<?> list ? list.stream().filter(String.class::isInstance)
                .map(String.class::cast).toList() : List.of();
    }
}
