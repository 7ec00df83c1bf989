package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which origins may open a WebSocket, by pattern and by default. */
class OriginPolicyTest {

    private final OriginPolicy defaults = new OriginPolicy(List.of());

    @Test
    void defaultsAllowLocalDevelopmentOriginsOnAnyPort() {
        assertThat(defaults.allows("http://localhost:1234", "hub:80")).isTrue();
        assertThat(defaults.allows("http://localhost", "hub:80")).isTrue();
        assertThat(defaults.allows("http://127.0.0.1:8080", "hub:80")).isTrue();
        assertThat(defaults.allows("http://[::1]:3000", "hub:80")).isTrue();
        assertThat(defaults.allows("HTTP://LocalHost:1234", null)).isTrue();
    }

    @Test
    void defaultsAllowTheHubsOwnOriginWithEitherScheme() {
        assertThat(defaults.allows("http://hub.example.com:8080", "hub.example.com:8080")).isTrue();
        assertThat(defaults.allows("https://hub.example.com:8080", "hub.example.com:8080")).isTrue();
        assertThat(defaults.allows("https://hub.example.com", "Hub.Example.com")).isTrue();
    }

    @Test
    void defaultsRefuseOtherSitesAndOtherSchemes() {
        assertThat(defaults.allows("http://evil.example", "127.0.0.1:8080")).isFalse();
        assertThat(defaults.allows("http://evil.example", null)).isFalse();
        assertThat(defaults.allows("https://localhost:1234", "hub:80")).isFalse();
        assertThat(defaults.allows("http://hub.example.com:8081", "hub.example.com:8080")).isFalse();
        assertThat(defaults.allows("http://localhost.evil.example", "hub:80")).isFalse();
        assertThat(defaults.allows("ftp://hub.example.com:8080", "hub.example.com:8080")).isFalse();
    }

    @Test
    void malformedOriginsAreRefused() {
        assertThat(defaults.allows("null", "hub:80")).isFalse();
        assertThat(defaults.allows("", "hub:80")).isFalse();
        assertThat(defaults.allows("localhost:1234", "hub:80")).isFalse();
        assertThat(defaults.allows("http://", "hub:80")).isFalse();
        assertThat(new OriginPolicy(List.of("https://*.example.com")).allows("not a uri", null)).isFalse();
    }

    @Test
    void aWildcardLabelMatchesExactlyOneLabelWithTheSchemeAndDefaultPort() {
        OriginPolicy policy = new OriginPolicy(List.of("https://*.example.com"));
        assertThat(policy.allows("https://app.example.com", null)).isTrue();
        assertThat(policy.allows("https://APP.example.com", null)).isTrue();
        assertThat(policy.allows("https://app.example.com:443", null)).isTrue();
        assertThat(policy.allows("https://a.b.example.com", null)).isFalse();
        assertThat(policy.allows("https://example.com", null)).isFalse();
        assertThat(policy.allows("http://app.example.com", null)).isFalse();
        assertThat(policy.allows("https://app.example.com:8443", null)).isFalse();
        assertThat(policy.allows("https://app.example.com.evil.example", null)).isFalse();
    }

    @Test
    void configuredPatternsReplaceTheDefaults() {
        OriginPolicy policy = new OriginPolicy(List.of("https://app.example.com"));
        assertThat(policy.allows("https://app.example.com", null)).isTrue();
        assertThat(policy.allows("http://localhost:1234", "hub:80")).isFalse();
        assertThat(policy.allows("http://hub:80", "hub:80")).isFalse();
    }

    @Test
    void aWildcardPortMatchesAnyPortAndAnExplicitPortOnlyItself() {
        OriginPolicy policy = new OriginPolicy(List.of("http://dev.local:*", "https://app.example.com:8443"));
        assertThat(policy.allows("http://dev.local:5173", null)).isTrue();
        assertThat(policy.allows("http://dev.local", null)).isTrue();
        assertThat(policy.allows("https://app.example.com:8443", null)).isTrue();
        assertThat(policy.allows("https://app.example.com", null)).isFalse();
    }

    @Test
    void theStarPatternAllowsEveryWellFormedOrigin() {
        OriginPolicy policy = new OriginPolicy(List.of("*"));
        assertThat(policy.allows("http://evil.example", null)).isTrue();
        assertThat(policy.allows("https://anything.example:9", null)).isTrue();
    }
}
