package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.Tokens;
import dev.switchboard.testing.WsClient;

/**
 * Permissions and revocation for users with tokens ({@code auth.mode=jwt}): personal channels ({@code owner}), the
 * token's channel claims ({@code claim}), the default {@code authenticated}, and revoked users and tokens cut with
 * 4501 within a second and refused at later handshakes until the entry is lifted.
 */
class TokenPermissionsIT {

    private static final String API_KEY = "revocation-test-api-key";

    @RegisterExtension
    static final HubExtension hub = HubExtension.withSettings("auth.mode", "jwt", "auth.jwt.secret", Tokens.SECRET,
            "api.key", API_KEY,
            "namespace.inbox.subscribe", "owner",
            "namespace.team.subscribe", "claim",
            "namespace.team.publish", "claim");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static WsClient connect(String token) {
        return WsClient.connect(hub.port(), Map.of("Authorization", "Bearer " + token));
    }

    private static String token(String sub, Map<String, Object> claims) {
        var builder = Tokens.claims(sub, Instant.now().plusSeconds(3600));
        claims.forEach(builder::claim);
        return Tokens.hs256(Tokens.SECRET, builder.build());
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.http(path)).header("Authorization",
                "Bearer " + API_KEY).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String answer(WsClient c, Object id) {
        JsonNode reply = c.next();
        assertThat(reply.path("id").asText()).isEqualTo(String.valueOf(id));
        return reply.path("type").asText().equals("error") ? reply.path("code").asText() : reply.path("type").asText();
    }

    @Test
    void aUserMaySubscribeToTheirOwnInboxOnly() {
        try (WsClient alice = connect(Tokens.hs256("alice"))) {
            alice.next("welcome");
            alice.send(Frames.subscribe("inbox:alice").id(1));
            assertThat(answer(alice, 1)).isEqualTo("subscribed");
            alice.send(Frames.subscribe("inbox:alice:archive").id(2));
            assertThat(answer(alice, 2)).isEqualTo("subscribed");
            alice.send(Frames.subscribe("inbox:bob").id(3));
            assertThat(answer(alice, 3)).isEqualTo("forbidden");
        }
    }

    @Test
    void theTokensClaimsDecideWhereTheUserMaySubscribeAndPublish() {
        String token = token("carol", Map.of("channels", List.of("team:*", "team:${sub}:**"),
                "publish", List.of("team:announcements")));
        try (WsClient carol = connect(token)) {
            carol.next("welcome");
            carol.send(Frames.subscribe("team:announcements").id(1));
            assertThat(answer(carol, 1)).isEqualTo("subscribed");
            carol.send(Frames.subscribe("team:carol:drafts:1").id(2));
            assertThat(answer(carol, 2)).isEqualTo("subscribed");
            carol.send(Frames.subscribe("team:dave:drafts").id(3));
            assertThat(answer(carol, 3)).as("* stays within a segment, ${sub} is carol").isEqualTo("forbidden");
            carol.send(Frames.publish("team:random", Frames.object("n", 1)).id(4));
            assertThat(answer(carol, 4)).isEqualTo("forbidden");
            carol.send(Frames.publish("team:announcements", Frames.object("n", 2)).id(5));
            JsonNode next = carol.next();
            JsonNode after = carol.next();
            assertThat(List.of(next.path("type").asText(), after.path("type").asText()))
                    .containsExactlyInAnyOrder("published", "message");
        }
        try (WsClient noClaims = connect(Tokens.hs256("erin"))) {
            noClaims.next("welcome");
            noClaims.send(Frames.subscribe("team:announcements").id(6));
            assertThat(answer(noClaims, 6)).isEqualTo("forbidden");
            noClaims.send(Frames.subscribe("lobby:main").id(7));
            assertThat(answer(noClaims, 7)).as("the default namespace: authenticated").isEqualTo("subscribed");
        }
    }

    @Test
    void aRevokedUserIsCutWith4501AndRefusedUntilTheEntryIsLifted() throws Exception {
        WsClient frank = connect(Tokens.hs256("frank"));
        WsClient grace = connect(Tokens.hs256("grace"));
        frank.next("welcome");
        grace.next("welcome");

        long start = System.nanoTime();
        HttpResponse<String> revoked = api("POST", "/api/v1/revocations",
                "{\"sub\":\"frank\",\"expiresInSeconds\":3600}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
        assertThat(frank.awaitClose(Duration.ofSeconds(5))).isEqualTo(4501);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("within a second").isLessThan(Duration.ofSeconds(1));
        grace.send(Frames.ping().id(1));
        assertThat(grace.next("pong").path("id").asInt()).as("others are untouched").isEqualTo(1);

        assertThat(api("GET", "/api/v1/revocations", null).body()).contains("\"sub\":\"frank\"");
        assertRefused(Tokens.hs256("frank"));

        assertThat(api("DELETE", "/api/v1/revocations/frank", null).statusCode()).isEqualTo(204);
        assertThat(api("DELETE", "/api/v1/revocations/frank", null).statusCode()).isEqualTo(404);
        try (WsClient again = connect(Tokens.hs256("frank"))) {
            assertThat(again.next("welcome").path("user").asText()).isEqualTo("frank");
        }
        frank.close();
        grace.close();
    }

    @Test
    void aRevokedTokenIsRefusedWhoeverHoldsIt() throws Exception {
        String stolen = token("heidi", Map.of("jti", "token-1"));
        try (WsClient first = connect(stolen); WsClient other = connect(token("heidi", Map.of("jti", "token-2")))) {
            first.next("welcome");
            other.next("welcome");
            assertThat(api("POST", "/api/v1/revocations", "{\"jti\":\"token-1\",\"expiresInSeconds\":60}")
                    .statusCode()).isEqualTo(201);
            assertThat(first.awaitClose(Duration.ofSeconds(5))).isEqualTo(4501);
            other.send(Frames.ping().id(1));
            assertThat(other.next("pong").path("id").asInt()).as("the user's other token still works").isEqualTo(1);
        }
        assertRefused(stolen);
        api("DELETE", "/api/v1/revocations/token-1", null);
    }

    @Test
    void badRevocationRequestsAre400AndTheApiNeedsItsKey() throws Exception {
        for (String body : List.of("{}", "{\"sub\":\"a\",\"jti\":\"b\",\"expiresInSeconds\":5}",
                "{\"sub\":\"a\"}", "{\"sub\":\"a\",\"expiresInSeconds\":0}", "{\"sub\":7,\"expiresInSeconds\":5}",
                "not json")) {
            assertThat(api("POST", "/api/v1/revocations", body).statusCode()).as(body).isEqualTo(400);
        }
        HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(hub.http("/api/v1/revocations")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
    }

    private static void assertRefused(String token) {
        await("the handshake is refused").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try {
                HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                        .buildAsync(URI.create("ws://127.0.0.1:" + hub.port() + "/ws"),
                                new java.net.http.WebSocket.Listener() { }).join().abort();
                throw new AssertionError("the handshake was accepted");
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
                assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401);
            }
        });
    }
}
