package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;

import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.Tokens;
import dev.switchboard.testing.WsClient;

/**
 * Security in an application server, as clients see it: channel permissions on the hub's WAR (namespaces set by
 * {@link #PERMISSION_PROPERTIES}), and the secured example (target/secure-example.war,
 * {@code auth.mode=container}): the server's Jakarta Security login names the user, no or wrong credentials get
 * 401, a revoked user is cut with 4501 and refused until the revocation is lifted; and the hub's WAR with
 * {@code auth.mode=jwt} ({@link JwtHubWar}): tokens, claim permissions, revocation by {@code jti}. Mixed into
 * {@link ContainerScenario}, in its server start.
 */
interface ContainerSecurityScenario {

    /** The namespaces these tests own, as system properties of the server (they reach every WAR). */
    List<String> PERMISSION_PROPERTIES = List.of("-Dswitchboard.namespace.itsecret.subscribe=nobody",
            "-Dswitchboard.namespace.itsecret.publish=nobody", "-Dswitchboard.namespace.itserver.publish=server");
    String SECURE = "/secure-example";
    /** The hub's WAR again, with {@code auth.mode=jwt} in its own settings ({@link JwtHubWar}). */
    String JWT_HUB = "/switchboard-jwt";
    Duration SECURE_WAIT = Duration.ofSeconds(20);

    /** @return the server's HTTP port */
    int port();

    private URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + port() + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private WsClient secureChat(String user) {
        WsClient c = WsClient.connect(uri("ws", SECURE + "/chat"),
                Map.of("Authorization", basic(user, user + "-password")));
        assertThat(c.next("joined").path("channel").asText()).isEqualTo(ExampleWarScenario.LOBBY);
        return c;
    }

    /** @return the status of a handshake to the secured chat with these extra headers */
    private int secureHandshake(Map<String, String> headers) {
        try (RawHandshake h = RawHandshake.open(port(), SECURE + "/chat", null, "127.0.0.1:" + port(), headers)) {
            if (h.status() != 101) {
                assertThat(h.header("Upgrade")).as("no upgrade on a refusal").isNull();
            }
            return h.status();
        }
    }

    /** @return the next {@code message} frame whose data's text is {@code text}, skipping other messages */
    private static JsonNode said(WsClient c, String text) {
        while (true) {
            JsonNode m = c.next("message");
            if (text.equals(m.path("data").path("text").asText())) {
                return m;
            }
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(uri("http", path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))).statusCode();
    }

    @Test
    @Order(30)
    default void channelPermissionsRefuseRequestsWithForbiddenAndKeepTheConnection() throws Exception {
        try (WsClient reader = WsClient.connect(uri("ws", ContainerScenario.CONTEXT + "/ws"));
                WsClient writer = WsClient.connect(uri("ws", ContainerScenario.CONTEXT + "/ws"))) {
            reader.next("welcome");
            writer.next("welcome");
            writer.send(Frames.subscribe("itsecret:plans").id(1));
            assertForbidden(writer.next(), 1);
            writer.send(Frames.publish("itsecret:plans", Frames.object("n", 1)).id(2));
            assertForbidden(writer.next(), 2);
            assertThat(post(ContainerScenario.CONTEXT + "/api/v1/channels/itsecret:plans/messages", "{}"))
                    .as("nobody may publish, the HTTP API neither").isEqualTo(403);

            reader.send(Frames.subscribe("itserver:news").id(3));
            reader.next("subscribed");
            writer.send(Frames.publish("itserver:news", Frames.object("n", 1)).id(4));
            assertForbidden(writer.next(), 4);
            assertThat(post(ContainerScenario.CONTEXT + "/api/v1/channels/itserver:news/messages", "{\"n\":2}"))
                    .as("the server may publish").isEqualTo(201);
            assertThat(reader.next("message").path("data").path("n").asInt()).as("only the server's message")
                    .isEqualTo(2);
            writer.send(Frames.ping().id(5));
            assertThat(writer.next("pong").path("id").asInt()).as("still open after refusals").isEqualTo(5);
        }
    }

    private static void assertForbidden(JsonNode error, int id) {
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo("forbidden");
        assertThat(error.path("id").asInt()).isEqualTo(id);
    }

    @Test
    @Order(31)
    default void containerModeTakesTheUserTheServerAuthenticated() {
        try (WsClient alice = secureChat("alice"); WsClient bob = secureChat("bob")) {
            alice.send("hello from alice");
            assertThat(said(bob, "hello from alice").path("data").path("from").asText())
                    .as("the user is the server's authenticated caller").isEqualTo("alice");
            bob.send("hello from bob");
            assertThat(said(alice, "hello from bob").path("data").path("from").asText()).isEqualTo("bob");
        }
    }

    @Test
    @Order(32)
    default void containerModeRefusesHandshakesWithoutAValidLoginWith401() {
        assertThat(secureHandshake(Map.of())).as("no credentials").isEqualTo(401);
        assertThat(secureHandshake(Map.of("Authorization", basic("alice", "wrong")))).as("a wrong password")
                .isEqualTo(401);
        assertThat(secureHandshake(Map.of("Authorization", basic("mallory", "mallory-password"))))
                .as("an unknown user").isEqualTo(401);
        assertThat(secureHandshake(Map.of("Authorization", basic("alice", "alice-password")))).as("alice")
                .isEqualTo(101);
    }

    @Test
    @Order(33)
    default void aRevokedContainerUserIsCutWith4501AndRefusedUntilLifted() throws Exception {
        String revocations = SECURE + "/admin/api/v1/revocations";
        try (WsClient alice = secureChat("alice"); WsClient bob = secureChat("bob")) {
            assertThat(post(revocations, "{\"sub\":\"bob\",\"expiresInSeconds\":300}")).isEqualTo(201);
            assertThat(bob.awaitClose(SECURE_WAIT)).isEqualTo(CloseCodes.UNAUTHORIZED.code());
            assertThat(secureHandshake(Map.of("Authorization", basic("bob", "bob-password"))))
                    .as("bob's next handshake, while revoked").isEqualTo(401);
            alice.send("alice stays");
            assertThat(said(alice, "alice stays").path("data").path("from").asText()).isEqualTo("alice");

            HttpResponse<String> live = send(HttpRequest.newBuilder(uri("http", revocations)));
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).contains("\"bob\"");
            assertThat(send(HttpRequest.newBuilder(uri("http", revocations + "/bob")).DELETE()).statusCode())
                    .isEqualTo(204);
        }
        try (WsClient bob = secureChat("bob")) {
            bob.send("bob is back");
            assertThat(said(bob, "bob is back").path("data").path("from").asText()).isEqualTo("bob");
        }
    }

    private WsClient jwtHub(String token) {
        return WsClient.connect(uri("ws", JWT_HUB + "/ws"), Map.of("Authorization", "Bearer " + token));
    }

    /** @return the status of a handshake to the JWT hub with this bearer token (none when null) */
    private int jwtHandshake(String token) {
        Map<String, String> headers = token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
        try (RawHandshake h = RawHandshake.open(port(), JWT_HUB + "/ws", null, "127.0.0.1:" + port(), headers)) {
            if (h.status() == 401) {
                assertThat(h.header("WWW-Authenticate")).startsWith("Bearer");
                assertThat(h.header("Content-Length")).isEqualTo("0");
                assertThat(h.header("Upgrade")).isNull();
            }
            return h.status();
        }
    }

    @Test
    @Order(34)
    default void theJwtHubTakesTheTokensSubjectAndRefusesBadTokensWith401() {
        String good = Tokens.hs256("alice");
        try (WsClient alice = jwtHub(good)) {
            assertThat(alice.next("welcome").path("user").asText()).isEqualTo("alice");
        }
        try (WsClient fromQuery = WsClient.connect(uri("ws", JWT_HUB + "/ws?access_token=" + good))) {
            assertThat(fromQuery.next("welcome").path("user").asText()).as("the token as a query parameter")
                    .isEqualTo("alice");
        }
        JWTClaimsSet expired = Tokens.claims("alice", Instant.now().minusSeconds(3600)).build();
        JWTClaimsSet valid = Tokens.claims("alice", Instant.now().plusSeconds(3600)).build();
        assertThat(jwtHandshake(null)).as("no token").isEqualTo(401);
        assertThat(jwtHandshake(Tokens.forged(good))).as("a forged signature").isEqualTo(401);
        assertThat(jwtHandshake(Tokens.hs256(Tokens.SECRET, expired))).as("expired").isEqualTo(401);
        assertThat(jwtHandshake(Tokens.algNone(valid))).as("alg none").isEqualTo(401);
        assertThat(jwtHandshake(Tokens.hs256("another-secret-of-at-least-32-bytes", valid))).as("another key")
                .isEqualTo(401);
        assertThat(jwtHandshake(good)).as("the good token still").isEqualTo(101);
    }

    @Test
    @Order(35)
    default void theJwtHubsClaimPermissionsDecidePerChannel() {
        String token = Tokens.hs256(Tokens.SECRET, Tokens.claims("carol", Instant.now().plusSeconds(3600))
                .claim("channels", List.of("itteam:${sub}")).claim("publish", List.of("itteam:${sub}")).build());
        try (WsClient carol = jwtHub(token)) {
            carol.next("welcome");
            carol.send(Frames.subscribe("itteam:carol").id(1));
            assertThat(carol.next("subscribed").path("channel").asText()).isEqualTo("itteam:carol");
            carol.send(Frames.subscribe("itteam:dave").id(2));
            assertForbidden(carol.next(), 2);
            carol.send(Frames.publish("itteam:dave", Frames.object("n", 1)).id(3));
            assertForbidden(carol.next(), 3);
            carol.send(Frames.publish("itteam:carol", Frames.object("n", 2)).id(4));
            JsonNode first = carol.next();
            JsonNode second = carol.next();
            assertThat(List.of(first.path("type").asText(), second.path("type").asText()))
                    .containsExactlyInAnyOrder("published", "message");
        }
    }

    @Test
    @Order(36)
    default void aRevokedTokenIsCutWith4501AndRefusedUntilLifted() throws Exception {
        String revocations = JWT_HUB + "/api/v1/revocations";
        String token = Tokens.hs256(Tokens.SECRET, Tokens.claims("erin", Instant.now().plusSeconds(3600))
                .jwtID("it-container-jti").build());
        try (WsClient erin = jwtHub(token)) {
            erin.next("welcome");
            assertThat(post(revocations, "{\"jti\":\"it-container-jti\",\"expiresInSeconds\":300}"))
                    .isEqualTo(201);
            assertThat(erin.awaitClose(SECURE_WAIT)).isEqualTo(CloseCodes.UNAUTHORIZED.code());
        }
        assertThat(jwtHandshake(token)).as("the revoked token").isEqualTo(401);
        assertThat(jwtHandshake(Tokens.hs256("erin"))).as("another token of the same user").isEqualTo(101);
        assertThat(send(HttpRequest.newBuilder(uri("http", revocations + "/it-container-jti")).DELETE())
                .statusCode()).isEqualTo(204);
        assertThat(jwtHandshake(token)).as("the token once the revocation is lifted").isEqualTo(101);
    }
}
