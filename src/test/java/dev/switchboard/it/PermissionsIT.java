package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.WsClient;

/**
 * Channel permissions per namespace as an anonymous client sees them (auth.mode=none): a denied request is answered
 * {@code forbidden}, executes nothing, and the connection stays open; per-namespace presence and history overrides.
 */
class PermissionsIT {

    @RegisterExtension
    static final HubExtension hub = HubExtension.withSettings(
            "namespace.news.publish", "server",
            "namespace.audit.publish", "nobody",
            "namespace.members.subscribe", "authenticated",
            "namespace.secret.history", "nobody",
            "namespace.secret.presence", "nobody",
            "namespace.chat.presence.events", "true",
            "namespace.small.history.size", "5");

    // HTTP/1.1: a POST offering the JDK client's default h2c upgrade waits for its body until Grizzly times out.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private int post(String channel, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(hub.http("/api/v1/channels/" + channel + "/messages"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static void assertForbidden(JsonNode error, int id) {
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo("forbidden");
        assertThat(error.path("id").asInt()).isEqualTo(id);
    }

    private static void assertStillOpen(WsClient c) {
        c.send(Frames.ping().id(99));
        assertThat(c.next("pong").path("id").asInt()).isEqualTo(99);
    }

    @Test
    void aServerOnlyNamespaceRefusesClientPublishesAndTakesTheHttpApis() throws Exception {
        try (WsClient reader = hub.connect(); WsClient writer = hub.connect()) {
            reader.next("welcome");
            writer.next("welcome");
            reader.send(Frames.subscribe("news:today").id(1));
            reader.next("subscribed");

            writer.send(Frames.publish("news:today", Frames.object("n", 1)).id(2));
            assertForbidden(writer.next(), 2);
            assertThat(post("news:today", "{\"n\":2}")).isEqualTo(201);

            JsonNode message = reader.next("message");
            assertThat(message.path("data").path("n").asInt()).as("only the server's message arrives").isEqualTo(2);
            assertThat(message.path("offset").asLong()).as("the refused publish took no offset").isEqualTo(1);
            assertStillOpen(writer);
        }
    }

    @Test
    void aNobodyNamespaceRefusesTheHttpApiToo() throws Exception {
        assertThat(post("audit:log", "{}")).isEqualTo(403);
    }

    @Test
    void anAnonymousSubscribeToAnAuthenticatedNamespaceLeavesNoSubscription() throws Exception {
        try (WsClient c = hub.connect()) {
            c.next("welcome");
            c.send(Frames.subscribe("members:lounge").id(3));
            assertForbidden(c.next(), 3);

            assertThat(post("members:lounge", "{\"n\":1}")).isEqualTo(201);
            c.send(Frames.unsubscribe("members:lounge").id(4));
            assertThat(c.next().path("code").asText()).as("there was no subscription to end")
                    .isEqualTo("not_subscribed");
            assertStillOpen(c);
            assertThat(c.pending()).as("no message of the channel was delivered").isZero();
        }
    }

    @Test
    void historyAndPresenceAreCheckedOnTheirOwn() {
        try (WsClient c = hub.connect()) {
            c.next("welcome");
            c.send(Frames.history("secret:plans").id(5));
            assertForbidden(c.next(), 5);
            c.send(Frames.presence("secret:plans").id(6));
            assertForbidden(c.next(), 6);
            c.send(Frames.subscribe("secret:plans").id(7));
            assertThat(c.next().path("type").asText()).as("subscribing is still allowed").isEqualTo("subscribed");
        }
    }

    @Test
    void aNamespaceMayTurnOnPresenceEventsForItsChannelsOnly() {
        try (WsClient c = hub.connect()) {
            String user = c.next("welcome").path("user").asText();
            c.send(Frames.subscribe("chat:lobby").id(8));
            c.next("subscribed");
            JsonNode join = c.next();
            assertThat(join.path("type").asText()).isEqualTo("join");
            assertThat(join.path("user").asText()).isEqualTo(user);

            c.send(Frames.subscribe("plain:room").id(9));
            c.next("subscribed");
            assertStillOpen(c);
            assertThat(c.pending()).as("no join where the global setting (off) applies").isZero();
        }
    }

    @Test
    void aNamespaceMayKeepItsOwnHistorySize() throws Exception {
        for (int n = 1; n <= 10; n++) {
            assertThat(post("small:log", "{\"n\":" + n + "}")).isEqualTo(201);
            assertThat(post("big:log", "{\"n\":" + n + "}")).isEqualTo(201);
        }
        try (WsClient c = hub.connect()) {
            c.next("welcome");
            c.send(Frames.history("small:log").id(10).limit(100));
            assertThat(c.next("history").path("messages")).extracting(m -> m.path("offset").asLong())
                    .containsExactly(6L, 7L, 8L, 9L, 10L);
            c.send(Frames.history("big:log").id(11).limit(100));
            assertThat(c.next("history").path("messages")).as("the global 100").hasSize(10);
        }
    }
}
