package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code auth.*} as an operator writes it: the defaults, and what stops the hub from starting. */
class AuthSettingsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void theDefaultIsNoneWithThirtySecondsOfSkew() {
        AuthSettings auth = HubConfig.defaults().auth();
        assertThat(auth.mode()).isEqualTo(AuthMode.NONE);
        assertThat(auth.jwt().clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(auth.jwt().jwksTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(auth.jwt().keySources()).isEmpty();
    }

    @Test
    void everyModeIsAccepted() {
        for (String mode : new String[] {"none", "mtls", "container", "JWT"}) {
            Map<String, String> values = mode.equals("JWT") ? Map.of("auth.mode", mode, "auth.jwt.secret", SECRET)
                    : Map.of("auth.mode", mode);
            assertThat(ConfigLoader.fromMap(values).auth().mode().word()).isEqualTo(mode.toLowerCase());
        }
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("auth.mode", "basic")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.mode")
                .hasMessageContaining("none, jwt, mtls, container");
    }

    @Test
    void aSecretShorterThan32BytesStopsStartUpWithoutEchoingIt() {
        String shortSecret = "only-31-bytes-of-secret-here!!!";
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("auth.mode", "jwt", "auth.jwt.secret", shortSecret)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.jwt.secret")
                .hasMessageContaining("at least 32 bytes").hasMessageNotContaining(shortSecret);
        assertThat(ConfigLoader.fromMap(Map.of("auth.mode", "jwt", "auth.jwt.secret", SECRET)).auth().jwt()
                .toString()).doesNotContain(SECRET);
    }

    @Test
    void jwtNeedsExactlyOneKeySourceAndNamesThem() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("auth.mode", "jwt")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.jwt.secret")
                .hasMessageContaining("auth.jwt.public.key.file").hasMessageContaining("auth.jwt.jwks.file")
                .hasMessageContaining("auth.jwt.jwks.url").hasMessageContaining("none is set");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("auth.mode", "jwt", "auth.jwt.secret", SECRET,
                "auth.jwt.jwks.url", "http://127.0.0.1:1/jwks")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("set: auth.jwt.secret, auth.jwt.jwks.url")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aKeySourceWithModeNoneStopsStartUp() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("auth.jwt.secret", SECRET)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.mode is none")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void skewZeroIsAllowedAndTheJwksUrlMustBeHttp() {
        assertThat(ConfigLoader.fromMap(Map.of("auth.mode", "jwt", "auth.jwt.secret", SECRET,
                "auth.jwt.clock.skew.seconds", "0")).auth().jwt().clockSkew()).isZero();
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("auth.mode", "jwt", "auth.jwt.jwks.url",
                "file:///etc/passwd"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.jwt.jwks.url");
    }
}
