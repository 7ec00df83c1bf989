package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.config.LimitSettings;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.RawWsClient;
import dev.switchboard.testing.ServerProcess;
import dev.switchboard.testing.WsClient;

/**
 * The example of docs/embedding.md ({@code src/test/java/example}, built into target/example.war by
 * {@link ExampleWar}) in an application server, beside the hub's WAR in the same server, as its clients see it:
 * chat between two clients on {@code /example/chat} (each speaks once told it has {@code joined}), an announcement
 * through {@code POST /example/announce}, 1009 for oversize messages, the library's own endpoints left out, and the
 * handshake guard on the application's path.
 * Mixed into {@link ContainerScenario}, so it runs in that class's one server start.
 */
interface ExampleWarScenario {

    String EXAMPLE = "/example";
    String LOBBY = "chat:lobby";
    /** The example runs with the library's defaults: {@code max.message.bytes} is 64 KiB. */
    int EXAMPLE_LIMIT = LimitSettings.MAX_MESSAGE_BYTES;
    int EXAMPLE_HUGE = 50 * 1024 * 1024;
    Duration EXAMPLE_CLOSE_WAIT = Duration.ofSeconds(20);

    /** @return the server's HTTP port */
    int port();

    private WsClient chat() {
        return WsClient.connect(URI.create("ws://127.0.0.1:" + port() + EXAMPLE + "/chat"));
    }

    /** Waits for the endpoint's {@code joined} frame: the client is in the lobby and may speak. */
    private static void awaitJoined(WsClient c) {
        assertThat(c.next("joined").path("channel").asText()).isEqualTo(LOBBY);
    }

    /** As {@link #awaitJoined(WsClient)} for a raw client: its first text frame, past any ping. */
    private static void awaitJoined(RawWsClient raw) {
        RawWsClient.Frame frame;
        do {
            frame = raw.read(EXAMPLE_CLOSE_WAIT).orElseThrow(() -> new AssertionError("closed before joined"));
        } while (frame.opcode() != RawWsClient.TEXT);
        assertThat(frame.text()).contains("\"joined\"");
    }

    /** @return the next {@code message} frame whose data's text is {@code text}, skipping other messages */
    private static JsonNode messageWithText(WsClient c, String text) {
        while (true) {
            JsonNode m = c.next("message");
            if (text.equals(m.path("data").path("text").asText())) {
                return m;
            }
        }
    }

    @Test
    @Order(24)
    default void exampleChatMessagesSentRightAfterTheHandshakeAreNotLost() {
        for (int i = 1; i <= ContainerScenario.EARLY_TRIES; i++) {
            try (RawWsClient c = RawWsClient.connect(port(), EXAMPLE + "/chat", 0)) {
                c.sendText("early " + i);
                assertThat(ContainerScenario.nextText(c)).as("try %d: joined first", i).contains("\"joined\"");
                assertThat(ContainerScenario.nextText(c)).as("try %d: then its own message in the lobby", i)
                        .contains("\"type\":\"message\"").contains("\"text\":\"early " + i + "\"");
            }
        }
    }

    @Test
    @Order(20)
    default void exampleChatClientsReceiveEachOthersMessagesAndAnAnnouncement() throws Exception {
        try (WsClient alice = chat(); WsClient bob = chat()) {
            awaitJoined(alice);
            awaitJoined(bob);

            alice.send("hi bob");
            JsonNode toBob = messageWithText(bob, "hi bob");
            assertThat(toBob.path("channel").asText()).isEqualTo(LOBBY);
            bob.send("hi alice");
            JsonNode toAlice = messageWithText(alice, "hi alice");
            assertThat(toAlice.path("channel").asText()).isEqualTo(LOBBY);
            assertThat(toBob.path("data").path("from").asText()).as("alice's user").startsWith("anon-")
                    .isNotEqualTo(toAlice.path("data").path("from").asText());

            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port() + EXAMPLE + "/announce"))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("maintenance at noon")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(204);
            for (WsClient c : new WsClient[] {alice, bob}) {
                JsonNode m = messageWithText(c, "maintenance at noon");
                assertThat(m.path("channel").asText()).isEqualTo(LOBBY);
                assertThat(m.path("data").path("from").asText()).isEqualTo("announcer");
            }
        }
    }

    @Test
    @Order(21)
    default void exampleChatMessagesOverTheLimitAreClosedWith1009() {
        try (WsClient c = chat()) {
            awaitJoined(c);
            c.socket().sendText("x".repeat(EXAMPLE_LIMIT + 1), true).exceptionally(e -> null);
            assertThat(c.awaitClose(EXAMPLE_CLOSE_WAIT)).isEqualTo(CloseCodes.MESSAGE_TOO_BIG.code());
        }
        try (RawWsClient raw = RawWsClient.connect(port(), EXAMPLE + "/chat", 0)) {
            awaitJoined(raw);
            raw.sendFrameStart(EXAMPLE_HUGE, EXAMPLE_HUGE);
            assertThat(raw.readUntilClose(EXAMPLE_CLOSE_WAIT)).as("a close frame for a single 50 MB frame")
                    .hasValueSatisfying(f -> assertThat(f.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG.code()));
        }
    }

    @Test
    @Order(22)
    default void exampleLeavesOutTheLibrarysOwnEndpoints() {
        String host = "127.0.0.1:" + port();
        try (RawHandshake ws = RawHandshake.open(port(), EXAMPLE + "/ws", null, host)) {
            assertThat(ws.status()).as("an upgrade to /example/ws").isEqualTo(404);
        }
        for (String path : new String[] {"/metrics", "/health/ready", "/api/v1/channels/chat:lobby/history"}) {
            assertThat(ServerProcess.status(URI.create("http://" + host + EXAMPLE + path))).as(EXAMPLE + path)
                    .isEqualTo(404);
        }
    }

    @Test
    @Order(23)
    default void exampleChatRefusesABadOriginWith403BeforeUpgrading() {
        try (RawHandshake refused = RawHandshake.open(port(), EXAMPLE + "/chat", "http://evil.example",
                "127.0.0.1:" + port())) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Content-Length")).isEqualTo("0");
            assertThat(refused.header("Upgrade")).isNull();
        }
    }
}
