package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.TestHubs;
import dev.switchboard.testing.Tokens;
import dev.switchboard.testing.WsClient;

/**
 * Users across two nodes of the Redis engine (two hubs in this JVM, one redis-server): presence and its events on
 * every node, messages to a user on another node, revocations enforced on every node.
 */
class RedisEngineUsersIT {

    private static final String API_KEY = "users-it-key";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static RedisServer redis;
    private static StandaloneHub a;
    private static StandaloneHub b;

    @BeforeAll
    static void start() {
        redis = RedisServer.launch();
        a = hub();
        b = hub();
    }

    private static StandaloneHub hub() {
        return TestHubs.start("engine", "redis", "redis.uri", redis.uri(), "auth.mode", "jwt", "auth.jwt.secret",
                Tokens.SECRET, "api.key", API_KEY, "presence.events", "true");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {b, a, redis}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void presenceAndItsEventsSpanTheNodes() {
        try (WsClient alice = connect(a, "alice"); WsClient bob = connect(b, "bob")) {
            alice.send(Frames.subscribe("u:room").id(1));
            alice.next("subscribed");
            bob.send(Frames.subscribe("u:room").id(1));
            bob.next("subscribed");
            assertThat(alice.next("join").path("user").asText()).as("alice's own join, on node a").isEqualTo("alice");
            JsonNode join = alice.next("join");
            assertThat(join.path("user").asText()).as("bob's join on node b reaches alice on node a").isEqualTo("bob");

            for (WsClient c : List.of(alice, bob)) {
                c.send(Frames.presence("u:room").id(2));
                assertThat(users(c.next("presence"))).containsExactly("alice", "bob");
            }
            bob.send(Frames.unsubscribe("u:room").id(3));
            assertThat(alice.next("leave").path("user").asText()).isEqualTo("bob");
            alice.send(Frames.presence("u:room").id(4));
            assertThat(users(alice.next("presence"))).containsExactly("alice");
        }
    }

    @Test
    void aMessageToAUserReachesTheirConnectionOnAnotherNode() throws Exception {
        try (WsClient carol = connect(b, "carol")) {
            HttpResponse<String> sent = api(a, "POST", "/api/v1/users/carol/messages", "{\"hello\":1}");
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
            JsonNode direct = carol.next("direct");
            assertThat(direct.path("data").path("hello").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aRevocationOnOneNodeClosesAndRefusesTheUserOnTheOther() throws Exception {
        WsClient dave = connect(b, "dave");
        long start = System.nanoTime();
        HttpResponse<String> revoked = api(a, "POST", "/api/v1/revocations",
                "{\"sub\":\"dave\",\"expiresInSeconds\":3600}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
        assertThat(dave.awaitClose(Duration.ofSeconds(5))).isEqualTo(4501);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed on the other node within about a second")
                .isLessThan(Duration.ofMillis(1_500));
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + Tokens.hs256("dave"))
                    .buildAsync(URI.create("ws://127.0.0.1:" + b.port() + "/ws"), new WebSocket.Listener() { })
                    .join().abort();
            throw new AssertionError("the handshake was accepted");
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                    .as("refused at the handshake on the other node").isEqualTo(401);
        }
        assertThat(api(a, "DELETE", "/api/v1/revocations/dave", null).statusCode()).isEqualTo(204);
        await("the lifted entry reaches the other node").atMost(Duration.ofSeconds(3)).ignoreExceptions()
                .untilAsserted(() -> {
            try (WsClient back = connect(b, "dave")) {
                assertThat(back.isClosed()).isFalse();
            }
        });
    }

    private static WsClient connect(StandaloneHub hub, String user) {
        WsClient c = WsClient.connect(hub.port(), Map.of("Authorization", "Bearer " + Tokens.hs256(user)));
        c.next("welcome");
        return c;
    }

    private static List<String> users(JsonNode presence) {
        return StreamSupport.stream(presence.path("users").spliterator(), false).map(JsonNode::asText).toList();
    }

    private static HttpResponse<String> api(StandaloneHub hub, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
