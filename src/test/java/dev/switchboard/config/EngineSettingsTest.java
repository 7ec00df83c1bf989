package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** engine and redis.*: defaults, the accepted URIs, and no password in messages or toString. */
class EngineSettingsTest {

    @Test
    void theDefaultIsTheMemoryEngineWithALocalRedisUri() {
        EngineSettings e = ConfigLoader.fromMap(Map.of()).engine();
        assertThat(e.redis()).isFalse();
        assertThat(e.redisUri().toString()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(e.clusterNodes()).isEmpty();
        assertThat(e.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(e.presenceTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void redisTlsSentinelAndClusterAreAcceptedAndNoPasswordIsShown() {
        EngineSettings e = ConfigLoader.fromMap(Map.of("engine", "redis", "redis.uri",
                "rediss://:s3cret@redis.example:6380/0")).engine();
        assertThat(e.redis()).isTrue();
        assertThat(e.toString()).doesNotContain("s3cret").contains("rediss://redis.example:6380");
        assertThat(ConfigLoader.fromMap(Map.of("redis.uri", "redis-sentinel://s1:26379,s2:26379#main")).engine()
                .redisUri().getScheme()).isEqualTo("redis-sentinel");
        assertThat(ConfigLoader.fromMap(Map.of("redis.cluster.nodes", "redis://a:7000, redis://b:7001")).engine()
                .clusterNodes()).containsExactly("redis://a:7000", "redis://b:7001");
    }

    @Test
    void aBadEngineOrUriFailsNamingTheKeyButNotTheSecret() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("engine", "mongo")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("engine");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("redis.uri", "http://:s3cret@host")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis.uri")
                .hasMessageNotContaining("s3cret");
    }
}
