package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void defaultsMatchTheDocumentedValues() {
        HubConfig c = ConfigLoader.fromMap(Map.of());
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.heartbeat().interval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.heartbeat().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.limits().maxMessageBytes()).isEqualTo(65536);
        assertThat(c.outbox().maxMessages()).isEqualTo(1024);
        assertThat(c.outbox().maxBytes()).isEqualTo(1024 * 1024);
        assertThat(c.limits().maxConnections()).isEqualTo(100_000);
        assertThat(c.limits().maxConnectionsPerIp()).isEqualTo(1000);
        assertThat(c.http().apiKey()).isEmpty();
        assertThat(c.rates()).isEqualTo(new RateSettings(50, 100, 262_144, 20, 50, 1_000));
        assertThat(c.warmup().connections()).isEqualTo(3_000);
    }

    @Test
    void theKnownKeysAreTheKeysTheGroupsReadAndTheFileDocuments() throws IOException {
        assertThat(ConfigLoader.KEYS).containsExactlyInAnyOrder("port", "host", "io.threads", "send.threads",
                "max.message.bytes", "max.connections", "max.connections.per.ip", "outbox.max.messages",
                "outbox.max.bytes", "send.timeout.seconds", "send.batch.frames", "send.raw.frames",
                "heartbeat.seconds",
                "idle.timeout.seconds",
                "history.size", "history.ttl.seconds", "allowed.origins", "require.origin", "api.key",
                "metrics.public", "presence.events", "shutdown.grace.seconds", "log.format", "tls.enabled",
                "tls.keystore", "tls.keystore.password", "tls.client.auth", "tls.truststore",
                "tls.truststore.password", "max.header.bytes", "handshake.timeout.seconds", "auth.mode",
                "auth.jwt.secret", "auth.jwt.public.key.file", "auth.jwt.jwks.file", "auth.jwt.jwks.url",
                "auth.jwt.jwks.timeout.seconds", "auth.jwt.issuer", "auth.jwt.audience",
                "auth.jwt.clock.skew.seconds",
                "namespace.default.subscribe", "namespace.default.publish", "namespace.default.history",
                "namespace.default.presence", "namespace.default.presence.events", "namespace.default.history.size",
                "namespace.default.history.ttl.seconds",
                "rate.messages.per.second", "rate.messages.burst", "rate.bytes.per.second",
                "rate.handshakes.per.second", "rate.handshakes.burst", "rate.api.per.second",
                "compression.enabled",
                "engine", "redis.uri", "redis.cluster.nodes", "redis.command.timeout.ms", "redis.meta.ttl.seconds",
                "presence.ttl.seconds", "warmup.connections");
        Set<String> documented = Files.readAllLines(ConfigLoader.DEFAULT_FILE).stream()
                .map(line -> line.startsWith("#") ? line.substring(1) : line)
                .filter(line -> line.matches("[a-z.]+=.*"))
                .map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toSet());
        assertThat(documented).isEqualTo(ConfigLoader.KEYS);
    }

    @Test
    void eachGroupDeclaresItsDefaults() {
        HubConfig c = HubConfig.defaults();
        assertThat(c.server()).isEqualTo(new ServerSettings(ServerSettings.PORT, ServerSettings.HOST,
                ServerSettings.IO_THREADS, ServerSettings.SEND_THREADS));
        assertThat(c.outbox().sendTimeout()).isEqualTo(OutboxSettings.SEND_TIMEOUT);
        assertThat(c.history()).isEqualTo(new HistorySettings(100, Duration.ofMinutes(5)));
        assertThat(c.origins()).isEqualTo(new OriginSettings(List.of(), false));
        assertThat(c.channels().presenceEvents()).isFalse();
        assertThat(c.shutdown().grace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.http().metricsPublic()).isFalse();
    }

    @Test
    void environmentOverridesAndSystemPropertiesOverrideEnvironment() {
        Properties sys = new Properties();
        sys.setProperty("switchboard.heartbeat.seconds", "5");
        sys.setProperty("switchboard.config", "conf/switchboard.properties");
        HubConfig c = ConfigLoader.load(Map.of("SWITCHBOARD_HEARTBEAT_SECONDS", "10",
                "SWITCHBOARD_MAX_CONNECTIONS_PER_IP", "7"), sys);
        assertThat(c.heartbeat().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.limits().maxConnectionsPerIp()).isEqualTo(7);
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
    void aRateAboveOneTokenPerNanosecondStopsStartUpInsteadOfFailingEveryRequest() {
        assertThat(ConfigLoader.fromMap(Map.of("rate.bytes.per.second", "1000000000")).rates().bytesPerSecond())
                .isEqualTo(1_000_000_000);
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("rate.bytes.per.second", "2000000000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'rate.bytes.per.second'");
    }

    @Test
    void logFormatIsAutoUnlessSetAndAutoIsTextAtATerminalOnly() {
        assertThat(HubConfig.defaults().logging().format()).isEqualTo(LogFormat.AUTO);
        assertThat(ConfigLoader.fromMap(Map.of("log.format", " JSON ")).logging().format()).isEqualTo(LogFormat.JSON);
        assertThat(ConfigLoader.fromMap(Map.of("log.format", "text")).logging().format()).isEqualTo(LogFormat.TEXT);
        assertThat(ConfigLoader.fromMap(Map.of("log.format", "auto")).logging().format()).isEqualTo(LogFormat.AUTO);
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("log.format", "xml")))
                .hasMessage("Invalid setting 'log.format': must be json, text or auto, was 'xml'");
        assertThat(LogFormat.AUTO.resolve(true)).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.AUTO.resolve(false)).isEqualTo(LogFormat.JSON);
        for (boolean terminal : new boolean[] {true, false}) {
            assertThat(LogFormat.JSON.resolve(terminal)).as("an explicit setting wins").isEqualTo(LogFormat.JSON);
            assertThat(LogFormat.TEXT.resolve(terminal)).as("an explicit setting wins").isEqualTo(LogFormat.TEXT);
        }
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
        assertThat(config.heartbeat().interval()).isEqualTo(Duration.ofSeconds(9));
        assertThat(config.history().size()).isEqualTo(7);
        assertThat(config.limits().maxConnections()).isEqualTo(42);
    }

    @Test
    void aMisspelledKeyInTheFileFailsSuggestingTheClosestKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("switchboard.properties");
        Files.writeString(file, "heartbeat.second=5\n");
        Properties sys = new Properties();
        sys.setProperty("switchboard.config", file.toString());
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), sys)).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid setting 'heartbeat.second': unknown key (in " + file
                        + "); did you mean heartbeat.seconds?")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("heartbeat.second");
    }

    @Test
    void aMisspelledSystemPropertyOrMapKeyFailsSuggestingTheClosestKey() {
        Properties sys = new Properties();
        sys.setProperty("switchboard.max.conections", "5");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), sys)).hasMessage("Invalid setting 'max.conections': "
                + "unknown key (from -Dswitchboard.max.conections); did you mean max.connections?");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("histroy.size", "5")))
                .hasMessage("Invalid setting 'histroy.size': unknown key; did you mean history.size?");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("heartbeat.secs", "5")))
                .hasMessageEndingWith("did you mean heartbeat.seconds?");
    }

    @Test
    void anUnknownKeyFarFromEveryKnownKeyGetsNoSuggestion() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("no.such.key", "1")))
                .hasMessage("Invalid setting 'no.such.key': unknown key");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("colour", "blue")))
                .hasMessage("Invalid setting 'colour': unknown key");
    }

    @Test
    void anUnknownSwitchboardEnvironmentVariableFailsSuggestingTheClosestVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("SWITCHBOARD_HEARTBEAT_SECOND", "5"), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid setting 'SWITCHBOARD_HEARTBEAT_SECOND': unknown key (from the environment); "
                        + "did you mean SWITCHBOARD_HEARTBEAT_SECONDS?");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("SWITCHBOARD_FLAVOUR", "mint"), new Properties()))
                .hasMessage("Invalid setting 'SWITCHBOARD_FLAVOUR': unknown key (from the environment)");
    }

    @Test
    void otherEnvironmentVariablesTheConfigFileVariableAndServiceLinksAreNotKeys(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("hub.properties");
        Files.writeString(file, "history.size=3\n");
        Map<String, String> env = Map.of("SWITCHBOARD_CONFIG", file.toString(), "PATH", "/usr/bin",
                "SWITCHBOARDX", "1", "SWITCHBOARD_REDIS_SERVICE_HOST", "10.0.0.7",
                "SWITCHBOARD_REDIS_SERVICE_PORT", "6379", "SWITCHBOARD_REDIS_PORT", "tcp://10.0.0.7:6379",
                "SWITCHBOARD_REDIS_PORT_6379_TCP_ADDR", "10.0.0.7", "SWITCHBOARD_HISTORY_SIZE", "4",
                "SWITCHBOARD_SERVICE_HOST", "10.0.0.8", "SWITCHBOARD_PORT_8080_TCP_PROTO", "tcp");
        assertThat(ConfigLoader.load(env, new Properties()).history().size()).isEqualTo(4);
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(KnownKeys.distance("heartbeat.second", "heartbeat.seconds")).isEqualTo(1);
        assertThat(KnownKeys.distance("port", "prot")).isEqualTo(2);
        assertThat(KnownKeys.distance("", "host")).isEqualTo(4);
        assertThat(KnownKeys.distance("history.size", "history.size")).isZero();
    }

    @Test
    void anUnknownKeyInTheResourceLayerFailsNamingIt() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), new Properties(), Map.of("heartbeat.secs", "3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("heartbeat.secs");
    }

    @Test
    void tlsSettingsAreCheckedAndNeverShowTheirPasswords() {
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("tls.enabled", "true")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'tls.keystore'");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("tls.client.auth", "sometimes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'tls.client.auth'");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("tls.client.auth", "required")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs tls.enabled=true");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("auth.mode", "cert")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'auth.mode'");
        HubConfig c = ConfigLoader.fromMap(Map.of("tls.enabled", "true", "tls.keystore", "hub.p12",
                "tls.keystore.password", "s3cret-key-pass", "tls.client.auth", "optional",
                "tls.truststore.password", "s3cret-trust-pass"));
        assertThat(c.tls().clientAuth()).isEqualTo(TlsSettings.ClientAuth.OPTIONAL);
        assertThat(c.toString()).doesNotContain("s3cret");
        assertThat(HubConfig.defaults().tls().enabled()).isFalse();
        assertThat(HubConfig.defaults().auth().mode()).isEqualTo(AuthMode.NONE);
        assertThat(HubConfig.defaults().handshake()).isEqualTo(new HandshakeSettings(8192, Duration.ofSeconds(10)));
    }

    @Test
    void namespaceSettingsComeFromKeysOrFromTheEnvironment() {
        HubConfig c = ConfigLoader.load(Map.of("SWITCHBOARD_NAMESPACE_CHAT_PUBLISH", "nobody",
                "SWITCHBOARD_NAMESPACE_AUDIT_HISTORY_TTL_SECONDS", "60"), new Properties(),
                Map.of("namespace.chat.presence.events", "true", "namespace.default.history.size", "7"));
        assertThat(c.namespaces().rules("chat").publish()).isEqualTo(Permission.NOBODY);
        assertThat(c.namespaces().rules("chat").presenceEvents()).contains(true);
        assertThat(c.namespaces().rules("chat").historySize()).as("inherited from the default namespace")
                .hasValue(7);
        assertThat(c.namespaces().rules("audit").historyTtl()).contains(Duration.ofSeconds(60));
        assertThat(c.namespaces().rules("other").subscribe()).isEqualTo(Permission.ANYONE);
    }
}

