package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.switchboard.config.ConfigException;
import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.PrometheusText;
import dev.switchboard.testing.TestCertificates;
import dev.switchboard.testing.TestHubs;
import dev.switchboard.testing.WsClient;

/**
 * Mutual TLS with certificates made at test time: with {@code tls.client.auth=required} a client without a
 * certificate, or with one from another CA, cannot connect; with a good one it can, and under
 * {@code auth.mode=mtls} its user is the certificate's CN. With {@code optional}, mtls refuses a client without a
 * certificate with 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutualTlsIT {

    private TestCertificates ca;
    private TestCertificates otherCa;
    private Path keystore;
    private Path alice;
    private Path mallory;
    private StandaloneHub hub;

    @BeforeAll
    void makeCertificates(@TempDir Path dir) {
        ca = TestCertificates.authority(dir, "Switchboard Test CA");
        otherCa = TestCertificates.authority(dir, "Another CA");
        keystore = ca.server();
        alice = ca.client("alice");
        mallory = otherCa.client("alice");
    }

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.close();
            hub = null;
        }
    }

    private StandaloneHub start(String clientAuth, String authMode) {
        hub = TestHubs.start("tls.enabled", "true", "tls.keystore", keystore.toString(),
                "tls.keystore.password", TestCertificates.PASSWORD, "tls.client.auth", clientAuth,
                "tls.truststore", ca.truststore().toString(), "tls.truststore.password", TestCertificates.PASSWORD,
                "auth.mode", authMode);
        return hub;
    }

    private WsClient connect(SSLContext context) {
        HttpClient http = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10))
                .build();
        return WsClient.connect(http, URI.create("wss://127.0.0.1:" + hub.port() + "/ws"));
    }

    @Test
    void requiredRefusesAClientWithoutACertificateOrWithOneFromAnotherCa() {
        start("required", "mtls");
        assertThatThrownBy(() -> connect(ca.clientContext(null))).as("no client certificate");
        assertThatThrownBy(() -> connect(ca.clientContext(mallory))).as("a certificate from another CA");
        assertThat(hub.bean(dev.switchboard.registry.ConnectionRegistry.class).count()).isZero();
    }

    @Test
    void aGoodClientCertificateConnectsAndItsCnIsTheUser() {
        start("required", "mtls");
        try (WsClient client = connect(ca.clientContext(alice));
                WsClient other = connect(ca.clientContext(alice))) {
            JsonNode welcome = client.next("welcome");
            assertThat(welcome.path("user").asText()).isEqualTo("alice");
            other.next("welcome");
            other.send(Frames.subscribe("mtls:room").id(1));
            other.next("subscribed");
            client.send(Frames.publish("mtls:room", Frames.object("text", "signed")).id(2));
            JsonNode message = other.next("message");
            assertThat(message.path("from").asText()).isEqualTo("alice");
            assertThat(message.path("data").path("text").asText()).isEqualTo("signed");
        }
    }

    @Test
    void withoutMtlsModeAClientCertificateDoesNotNameTheUser() {
        start("required", "none");
        try (WsClient client = connect(ca.clientContext(alice))) {
            assertThat(client.next("welcome").path("user").asText()).startsWith("anon-");
        }
    }

    @Test
    void optionalWithMtlsRefusesAClientWithoutACertificateWith401() throws Exception {
        start("optional", "mtls");
        Throwable refused = catchThrowable(() -> connect(ca.clientContext(null)));
        assertThat(refused).hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(401);
        assertThat(PrometheusText.parse(hub.bean(PrometheusMeterRegistry.class).scrape())
                .value("switchboard_handshakes_refused_total", "reason", "auth")).isEqualTo(1.0);
        try (WsClient client = connect(ca.clientContext(alice))) {
            assertThat(client.next("welcome").path("user").asText()).isEqualTo("alice");
        }
    }

    @Test
    void mtlsModeWithoutClientCertificatesStopsStartUp() {
        assertThatThrownBy(() -> start("none", "mtls")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'auth.mode'");
    }
}
