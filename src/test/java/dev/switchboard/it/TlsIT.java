package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.config.ConfigException;
import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.TestCertificates;
import dev.switchboard.testing.TestHubs;
import dev.switchboard.testing.TlsProbe;
import dev.switchboard.testing.WsClient;

/**
 * TLS on the standalone hub's one port, with a CA made at test time: {@code wss://} carries the protocol both ways
 * (large messages and fan-out included, through the hub's direct frame writes), {@code https://} serves the API,
 * plain {@code ws://} fails, only TLS 1.3 and 1.2 are spoken, and an unusable key store stops start-up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Path dir;
    private TestCertificates ca;
    private Path keystore;
    private StandaloneHub hub;
    private HttpClient https;

    @BeforeAll
    void startHubWithTls(@TempDir Path certificates) {
        dir = certificates;
        ca = TestCertificates.authority(dir, "Switchboard Test CA");
        keystore = ca.server();
        // The byte rate is raised: the fan-out test publishes ten 60 kB messages at once, over the default 256 KiB/s.
        hub = TestHubs.start("tls.enabled", "true", "tls.keystore", keystore.toString(),
                "tls.keystore.password", TestCertificates.PASSWORD, "heartbeat.seconds", "1",
                "idle.timeout.seconds", "5", "rate.bytes.per.second", "10485760");
        https = HttpClient.newBuilder().sslContext(ca.clientContext(null)).connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    private URI wss() {
        return URI.create("wss://127.0.0.1:" + hub.port() + "/ws");
    }

    private URI url(String path) {
        return URI.create("https://127.0.0.1:" + hub.port() + path);
    }

    @Test
    void aWssClientTrustingTheCaSubscribesPublishesAndReceives() {
        assertThat(hub.urls().websocket().getScheme()).isEqualTo("wss");
        try (WsClient alice = WsClient.connect(https, wss()); WsClient bob = WsClient.connect(https, wss())) {
            assertThat(alice.next().path("type").asText()).isEqualTo("welcome");
            bob.next("welcome");
            alice.send(Frames.subscribe("tls:lobby").id(1));
            assertThat(alice.next("subscribed").path("id").asInt()).isEqualTo(1);

            bob.send(Frames.publish("tls:lobby", Frames.object("text", "over tls")).id("p1"));
            assertThat(bob.next("published").path("offset").asLong()).isEqualTo(1);
            JsonNode message = alice.next("message");
            assertThat(message.path("data").path("text").asText()).isEqualTo("over tls");

            alice.send(Frames.ping().id(2));
            assertThat(alice.next("pong").path("id").asInt()).isEqualTo(2);
        }
    }

    @Test
    void largeMessagesFanOutToEverySubscriberInOrder() {
        String big = "x".repeat(60 * 1024);
        List<WsClient> subscribers = new ArrayList<>();
        try (WsClient publisher = WsClient.connect(https, wss())) {
            publisher.next("welcome");
            for (int i = 0; i < 5; i++) {
                WsClient subscriber = WsClient.connect(https, wss());
                subscribers.add(subscriber);
                subscriber.next("welcome");
                subscriber.send(Frames.subscribe("tls:big").id(i));
                subscriber.next("subscribed");
            }
            int count = 20;
            for (int i = 1; i <= count; i++) {
                // Every other message is large: the hub's batched writes mix 60 kB frames with small ones.
                String text = i % 2 == 0 ? big + i : "small " + i;
                publisher.send(Frames.publish("tls:big", Frames.object("text", text)).id(i));
            }
            for (int i = 1; i <= count; i++) {
                assertThat(publisher.next("published").path("id").asInt()).isEqualTo(i);
            }
            for (WsClient subscriber : subscribers) {
                for (int i = 1; i <= count; i++) {
                    JsonNode message = subscriber.next("message");
                    assertThat(message.path("offset").asLong()).isEqualTo(i);
                    assertThat(message.path("data").path("text").asText())
                            .isEqualTo(i % 2 == 0 ? big + i : "small " + i);
                }
            }
            // And a large message from a client to the hub, answered over the same socket.
            publisher.send(Frames.publish("tls:big", Frames.object("text", big)).id("last"));
            assertThat(publisher.next("published").path("id").asText()).isEqualTo("last");
        } finally {
            subscribers.forEach(WsClient::close);
        }
    }

    @Test
    void heartbeatPingsAndTheSizeGateWorkThroughTls() {
        try (WsClient client = WsClient.connect(https, wss())) {
            client.next("welcome");
            await("a heartbeat ping over TLS").atMost(TIMEOUT).until(() -> client.pingsReceived() >= 2);
            client.send(Frames.ping().id(1));
            assertThat(client.next("pong").path("id").asInt()).isEqualTo(1);
            // Over max.message.bytes (64 KiB): the gate reads the decrypted frame headers.
            client.socket().sendText("x".repeat(70 * 1024), true);
            assertThat(client.awaitClose(TIMEOUT)).isEqualTo(1009);
        }
    }

    @Test
    void theHttpApiAnswersOverHttps() throws Exception {
        HttpResponse<String> health = https.send(HttpRequest.newBuilder(url("/health/live")).timeout(TIMEOUT)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        try (WsClient reader = WsClient.connect(https, wss())) {
            reader.next("welcome");
            reader.send(Frames.subscribe("tls:api").id(1));
            reader.next("subscribed");
            HttpResponse<String> published = https.send(HttpRequest.newBuilder(
                    url("/api/v1/channels/tls:api/messages")).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"from https\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
            assertThat(reader.next("message").path("data").path("text").asText()).isEqualTo("from https");
        }
    }

    @Test
    void plainWebSocketAndHttpToTheTlsPortFail() {
        assertThatThrownBy(() -> WsClient.connect(hub.port())).as("ws:// to the TLS port");
        HttpClient plain = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.port() + "/health/live")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString())).as("http:// to the TLS port")
                .isInstanceOf(IOException.class);
    }

    @Test
    void onlyTls13And12AreNegotiated() throws Exception {
        assertThat(negotiate(null)).isEqualTo("TLSv1.3");
        assertThat(negotiate(new String[] {"TLSv1.2"})).isEqualTo("TLSv1.2");
        assertThatThrownBy(() -> negotiate(new String[] {"TLSv1.1"})).as("TLS 1.1")
                .isInstanceOf(IOException.class);
    }

    @Test
    void aClientOfferingOnlyTls11IsRefusedByTheHub() throws Exception {
        // The probe's JVM allows TLS 1.0 and 1.1 in its client, which this JVM's java.security disables.
        Path security = Files.writeString(dir.resolve("legacy-client.security"),
                "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, NULL, anon\n");
        assertThat(probe(security, "TLSv1.2")).as("the probe works").startsWith("0 negotiated TLSv1.2");
        // The hub's alert, not the client's refusal to offer it.
        assertThat(probe(security, "TLSv1.1")).startsWith("2 handshake failed")
                .containsAnyOf("protocol_version", "Remote host terminated");
    }

    /** @return the probe's exit code and output */
    private String probe(Path security, String protocol) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.security.properties=" + security, "-cp", System.getProperty("java.class.path"),
                TlsProbe.class.getName(), "127.0.0.1", Integer.toString(hub.port()), protocol,
                ca.truststore().toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("probe finished").isTrue();
        return process.exitValue() + " " + output.trim();
    }

    private String negotiate(String[] protocols) throws IOException {
        SSLContext context = ca.clientContext(null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", hub.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            if (protocols != null) {
                socket.setEnabledProtocols(protocols);
            }
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    @Test
    void anUnreadableKeystoreOrAWrongPasswordStopsStartUpNamingTheKey() throws IOException {
        assertThatThrownBy(() -> TestHubs.start("tls.enabled", "true", "tls.keystore",
                dir.resolve("missing.p12").toString(), "tls.keystore.password", TestCertificates.PASSWORD))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'tls.keystore'");
        assertThatThrownBy(() -> TestHubs.start("tls.enabled", "true", "tls.keystore", keystore.toString(),
                "tls.keystore.password", "wrong-password"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'tls.keystore.password'")
                .hasMessageNotContaining("wrong-password");
        Path notAStore = Files.writeString(dir.resolve("not-a-store.p12"), "hello");
        assertThatThrownBy(() -> TestHubs.start("tls.enabled", "true", "tls.keystore", notAStore.toString(),
                "tls.keystore.password", TestCertificates.PASSWORD))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'tls.keystore'");
        assertThatThrownBy(() -> TestHubs.start("tls.enabled", "true"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'tls.keystore'");
    }
}
