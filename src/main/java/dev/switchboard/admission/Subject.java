package dev.switchboard.admission;

import java.util.Map;

/**
 * Who asks, as channel permissions see it. Immutable.
 *
 * @param user          the connection's user ({@code anon-<id>} when anonymous)
 * @param authenticated whether the user was authenticated (not anonymous)
 * @param claims        the token's claims, empty without a token
 */
public record Subject(String user, boolean authenticated, Map<String, Object> claims) {

    public Subject {
        claims = Map.copyOf(claims);
    }
}
