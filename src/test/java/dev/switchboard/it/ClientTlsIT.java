package dev.switchboard.it;

import static dev.switchboard.testing.Stages.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.RecordingChannel;
import dev.switchboard.testing.TestCertificates;
import dev.switchboard.testing.TestHubs;

/** The Java client over {@code wss://} to a hub with TLS, trusting the hub's private CA through its SSL context. */
class ClientTlsIT {

    @Test
    void subscribesAndPublishesOverWss(@TempDir Path dir) throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "Switchboard Test CA");
        StandaloneHub hub = TestHubs.start("tls.enabled", "true", "tls.keystore", ca.server().toString(),
                "tls.keystore.password", TestCertificates.PASSWORD);
        try (SwitchboardClient client = SwitchboardClient.builder(URI.create("wss://127.0.0.1:" + hub.port() + "/ws"))
                .sslContext(ca.clientContext(null)).build()) {
            RecordingChannel received = new RecordingChannel();
            client.subscribe("tls:client", received);
            client.connect();
            result(client.connected());
            assertThat(result(client.publish("tls:client", Map.of("text", "over tls")))).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> received.messages().size() == 1);
            assertThat(received.messages().get(0).data().path("text").asText()).isEqualTo("over tls");
        } finally {
            hub.close();
        }
    }
}
