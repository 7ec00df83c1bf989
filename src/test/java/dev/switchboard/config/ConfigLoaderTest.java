package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void defaultsMatchTheDocumentedValues() {
        HubConfig c = ConfigLoader.fromMap(Map.of());
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.maxMessageBytes()).isEqualTo(65536);
        assertThat(c.outboxMaxMessages()).isEqualTo(1024);
        assertThat(c.outboxMaxBytes()).isEqualTo(1024 * 1024);
        assertThat(c.maxConnections()).isEqualTo(100_000);
        assertThat(c.maxConnectionsPerIp()).isEqualTo(1000);
        assertThat(c.apiKey()).isEmpty();
    }

    @Test
    void environmentOverridesAndSystemPropertiesOverrideEnvironment() {
        Properties sys = new Properties();
        sys.setProperty("switchboard.heartbeat.seconds", "5");
        sys.setProperty("switchboard.config", "conf/switchboard.properties");
        HubConfig c = ConfigLoader.load(Map.of("SWITCHBOARD_HEARTBEAT_SECONDS", "10",
                "SWITCHBOARD_MAX_CONNECTIONS_PER_IP", "7"), sys);
        assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.maxConnectionsPerIp()).isEqualTo(7);
        assertThat(ConfigLoader.envName("idle.timeout.seconds")).isEqualTo("SWITCHBOARD_IDLE_TIMEOUT_SECONDS");
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("max.message.bytes", "lots")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max.message.bytes");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("require.origin", "yes")))
                .hasMessageContaining("require.origin");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("heartbeat.seconds", "-1")))
                .hasMessageContaining("heartbeat.seconds");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("no.such.key", "1")))
                .hasMessageContaining("no.such.key");
    }

    @Test
    void idleTimeoutMustExceedHeartbeat() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("heartbeat.seconds", "30", "idle.timeout.seconds", "20")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("idle.timeout.seconds");
    }

    @Test
    void aResourceLayerIsTheLowestLayer() {
        Properties sys = new Properties();
        sys.setProperty("switchboard.history.size", "7");
        HubConfig config = ConfigLoader.load(Map.of("SWITCHBOARD_HEARTBEAT_SECONDS", "9"), sys,
                Map.of("heartbeat.seconds", "3", "history.size", "5", "max.connections", "42"));
        assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(9));
        assertThat(config.historySize()).isEqualTo(7);
        assertThat(config.maxConnections()).isEqualTo(42);
    }

    @Test
    void anUnknownKeyInTheResourceLayerFailsNamingIt() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), new Properties(), Map.of("heartbeat.secs", "3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("heartbeat.secs");
    }
}
