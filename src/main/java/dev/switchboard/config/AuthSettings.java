package dev.switchboard.config;

import java.util.List;

/**
 * Who may connect: the authentication mode and, for {@code jwt}, how tokens are verified. Validated at start-up:
 * {@code jwt} needs exactly one key source; a key source with {@code auth.mode=none} is refused, as it suggests
 * the operator believes tokens are checked.
 *
 * @param mode {@code auth.mode}
 * @param jwt  the {@code auth.jwt.*} keys
 */
public record AuthSettings(AuthMode mode, JwtSettings jwt) {

    /** {@code auth.mode}: anyone may connect (development only; the hub warns at start). */
    public static final AuthMode MODE = AuthMode.NONE;

    static AuthSettings from(ConfigSource s) {
        String raw = s.string("auth.mode", MODE.word());
        AuthMode mode = raw.isEmpty() ? MODE : AuthMode.parse("auth.mode", raw);
        JwtSettings jwt = JwtSettings.from(s);
        List<String> sources = jwt.keySources();
        if (mode == AuthMode.JWT && sources.size() != 1) {
            throw new ConfigException("auth.mode", "jwt needs exactly one of " + JwtSettings.SECRET + ", "
                    + JwtSettings.PUBLIC_KEY_FILE + ", " + JwtSettings.JWKS_FILE + ", " + JwtSettings.JWKS_URL
                    + (sources.isEmpty() ? "; none is set" : "; set: " + String.join(", ", sources)));
        }
        if (mode == AuthMode.NONE && !sources.isEmpty()) {
            throw new ConfigException(sources.get(0), "is set but auth.mode is none: tokens would not be checked; "
                    + "set auth.mode=jwt");
        }
        return new AuthSettings(mode, jwt);
    }
}
