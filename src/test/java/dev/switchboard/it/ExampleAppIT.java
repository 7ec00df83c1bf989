package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.standalone.EmbeddedApp;
import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.RawWsClient;
import dev.switchboard.testing.WsClient;

import example.AnnouncementResource;
import example.ChatEndpoint;

/**
 * The example application of docs/embedding.md ({@code src/test/java/example}): its own {@code /chat}
 * endpoint and {@code /announce} resource, embedded with {@link StandaloneHub#start(dev.switchboard.config.HubConfig,
 * EmbeddedApp)}. Proves that the library's channels, limits and heartbeat serve an application's endpoint.
 */
class ExampleAppIT {

    private static final String LOBBY = "chat:lobby";
    private static final int LIMIT = 1000;

    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings("heartbeat.seconds", "0.5", "idle.timeout.seconds", "2",
            "max.message.bytes", String.valueOf(LIMIT))
            .withApp(EmbeddedApp.NONE.endpoint(ChatEndpoint.class).resource(AnnouncementResource.class));

    @Test
    void aChatMessageAndAnAnnouncementReachEveryoneInTheLobby() throws Exception {
        try (WsClient alice = chat(); WsClient bob = chat()) {
            awaitLobbySize(2);

            alice.send("hi");
            JsonNode toAlice = alice.next("message");
            JsonNode toBob = bob.next("message");
            for (JsonNode m : new JsonNode[] {toAlice, toBob}) {
                assertThat(m.path("channel").asText()).isEqualTo(LOBBY);
                assertThat(m.path("data").path("text").asText()).isEqualTo("hi");
                assertThat(m.path("data").path("from").asText()).as("the sender's user").startsWith("anon-");
            }
            assertThat(toBob.path("data")).isEqualTo(toAlice.path("data"));

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + hub.port() + "/announce"))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("maintenance at noon")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(204);
            for (WsClient c : new WsClient[] {alice, bob}) {
                JsonNode m = c.next("message");
                assertThat(m.path("channel").asText()).isEqualTo(LOBBY);
                assertThat(m.path("data").path("from").asText()).isEqualTo("announcer");
                assertThat(m.path("data").path("text").asText()).isEqualTo("maintenance at noon");
            }
        }
    }

    @Test
    void aMessageOverTheLimitIsClosedWith1009() {
        try (WsClient c = chat()) {
            awaitLobbySize(1);
            c.socket().sendText("x".repeat(LIMIT + 1), true).exceptionally(e -> null);
            assertThat(c.awaitClose(Duration.ofSeconds(10))).isEqualTo(1009);
        }
    }

    @Test
    void aClientThatNeverAnswersPingsIsClosedWith4008() {
        try (RawWsClient silent = RawWsClient.connect(hub.port(), "/chat", 0)) {
            boolean pinged = false;
            Optional<RawWsClient.Frame> close = Optional.empty();
            while (close.isEmpty()) {
                RawWsClient.Frame frame = silent.read(Duration.ofSeconds(8))
                        .orElseThrow(() -> new AssertionError("stream ended without a close frame"));
                pinged |= frame.opcode() == RawWsClient.PING;
                if (frame.opcode() == RawWsClient.CLOSE) {
                    close = Optional.of(frame);
                }
            }
            assertThat(close.get().closeCode()).as("close code").isEqualTo(4008);
            assertThat(pinged).as("it was pinged before being closed").isTrue();
            awaitLobbySize(0);
        }
    }

    private WsClient chat() {
        return WsClient.connect(URI.create("ws://127.0.0.1:" + hub.port() + "/chat"));
    }

    private void awaitLobbySize(int size) {
        ConnectionRegistry registry = hub.bean(ConnectionRegistry.class);
        await("the lobby has " + size + " members").atMost(Duration.ofSeconds(5))
                .until(() -> registry.subscribers(LOBBY).size(), n -> n == size);
    }
}
