package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;

import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.PrometheusText;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.Tokens;
import dev.switchboard.testing.WsClient;

/**
 * {@code auth.mode=jwt} as a client sees it: a valid token opens a connection whose user is its {@code sub}; every
 * hostile token gets a prompt, empty 401 with {@code WWW-Authenticate: Bearer}, never becomes a connection, and is
 * counted as {@code reason="auth"}.
 */
class JwtAuthIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration PROMPT = Duration.ofSeconds(5);
    private static final String OTHER_SECRET = "some-other-secret-also-32-bytes!";

    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings("auth.mode", "jwt", "auth.jwt.secret", Tokens.SECRET);

    @TempDir
    Path dir;

    private static Instant inAnHour() {
        return Instant.now().plusSeconds(3600);
    }

    @Test
    void aValidTokenInTheHeaderOpensAConnectionForItsSubject() {
        String token = Tokens.hs256("alice");
        try (WsClient alice = WsClient.connect(hub.port(), Map.of("Authorization", "Bearer " + token))) {
            JsonNode welcome = alice.next("welcome");
            assertThat(welcome.path("user").asText()).isEqualTo("alice");
            alice.send(Frames.subscribe("chat:room").id(1));
            alice.next("subscribed");
            alice.send(Frames.publish("chat:room", "hi").id(2));
            assertThat(alice.next("message").path("from").asText()).as("from is the token's sub")
                    .isEqualTo("alice");
            assertThat(hub.bean(ConnectionRegistry.class).byUser("alice")).singleElement()
                    .satisfies(c -> assertThat(c.identity().authenticated()).isTrue());
        }
    }

    @Test
    void aTokenInTheAccessTokenQueryParameterWorksForBrowsers() {
        URI uri = URI.create("ws://127.0.0.1:" + hub.port() + "/ws?access_token=" + Tokens.hs256("bob"));
        try (WsClient bob = WsClient.connect(uri)) {
            assertThat(bob.next("welcome").path("user").asText()).isEqualTo("bob");
        }
    }

    @Test
    void everyHostileTokenIsRefusedWith401AndCounted() throws Exception {
        String good = Tokens.hs256("alice");
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("forged signature", Tokens.forged(good));
        hostile.put("tampered payload", Tokens.tampered(good, p -> p.replace("alice", "admin")));
        hostile.put("alg none", Tokens.algNone(Tokens.claims("alice", inAnHour()).build()));
        hostile.put("another secret", Tokens.hs256(OTHER_SECRET, Tokens.claims("alice", inAnHour()).build()));
        hostile.put("RS256 against a secret", Tokens.rs256(Tokens.rsaKey("k"), Tokens.claims("alice", inAnHour())
                .build()));
        hostile.put("expired", Tokens.hs256(Tokens.SECRET, Tokens.claims("alice", Instant.now().minusSeconds(120))
                .build()));
        hostile.put("not yet valid", Tokens.hs256(Tokens.SECRET, Tokens.claims("alice", inAnHour())
                .notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build()));
        hostile.put("missing sub", Tokens.hs256(Tokens.SECRET, Tokens.claims(null, inAnHour()).build()));
        hostile.put("garbage", "not-a-token");
        for (Map.Entry<String, String> t : hostile.entrySet()) {
            try (RawHandshake refused = handshake("/ws", t.getValue())) {
                assertUnauthorized(refused, t.getKey(), true);
            }
        }
        try (RawHandshake refused = handshake("/ws?access_token=" + Tokens.forged(good), null)) {
            assertUnauthorized(refused, "forged token in the query", true);
        }
        try (RawHandshake refused = handshake("/ws", null)) {
            assertUnauthorized(refused, "no token", false);
        }
        int refusals = hostile.size() + 2;
        assertThat(metrics().value("switchboard_handshakes_refused_total", "reason", "auth"))
                .isEqualTo(refusals);
        assertRegistryHolds(hub.hub(), 0);
    }

    @Test
    void withAPublicKeyAnHmacTokenIsRefusedAndItsOwnRsaTokenAccepted() throws IOException {
        RSAKey rsa = Tokens.rsaKey("k1");
        Path pem = Files.writeString(dir.resolve("public.pem"), Tokens.pem(rsa));
        StandaloneHub h = restart("auth.mode", "jwt", "auth.jwt.public.key.file", pem.toString());
        try (WsClient carol = WsClient.connect(h.port(), Map.of("Authorization", "Bearer "
                + Tokens.rs256(rsa, Tokens.claims("carol", inAnHour()).build())))) {
            assertThat(carol.next("welcome").path("user").asText()).isEqualTo("carol");
        }
        // An HS256 token "signed" with the public key's own text: the classic algorithm confusion.
        String confused = Tokens.hs256(Tokens.pem(rsa), Tokens.claims("carol", inAnHour()).build());
        try (RawHandshake refused = handshake(h.port(), "/ws", confused)) {
            assertUnauthorized(refused, "HS256 against an RSA key", true);
        }
        try (RawHandshake refused = handshake(h.port(), "/ws", Tokens.hs256("carol"))) {
            assertUnauthorized(refused, "HS256 with the default secret", true);
        }
    }

    @Test
    void issuerAndAudienceAreCheckedWhenSet() {
        StandaloneHub h = restart("auth.mode", "jwt", "auth.jwt.secret", Tokens.SECRET,
                "auth.jwt.issuer", "https://idp.test", "auth.jwt.audience", "switchboard");
        String right = Tokens.hs256(Tokens.SECRET, Tokens.claims("dave", inAnHour()).issuer("https://idp.test")
                .audience("switchboard").build());
        try (WsClient dave = WsClient.connect(h.port(), Map.of("Authorization", "Bearer " + right))) {
            assertThat(dave.next("welcome").path("user").asText()).isEqualTo("dave");
        }
        String wrongAudience = Tokens.hs256(Tokens.SECRET, Tokens.claims("dave", inAnHour())
                .issuer("https://idp.test").audience("another-app").build());
        String wrongIssuer = Tokens.hs256(Tokens.SECRET, Tokens.claims("dave", inAnHour())
                .issuer("https://evil.test").audience("switchboard").build());
        String noAudience = Tokens.hs256(Tokens.SECRET, Tokens.claims("dave", inAnHour())
                .issuer("https://idp.test").build());
        for (String token : new String[] {wrongAudience, wrongIssuer, noAudience}) {
            try (RawHandshake refused = handshake(h.port(), "/ws", token)) {
                assertUnauthorized(refused, "iss/aud", true);
            }
        }
    }

    @Test
    void skewZeroMeansExactlyExpWhileTheDefaultSkewToleratesThirtySeconds() {
        String justExpired = Tokens.hs256(Tokens.SECRET, Tokens.claims("erin", Instant.now().minusSeconds(5))
                .build());
        try (WsClient tolerated = WsClient.connect(hub.port(), Map.of("Authorization", "Bearer " + justExpired))) {
            assertThat(tolerated.next("welcome").path("user").asText()).as("within the default 30 s skew")
                    .isEqualTo("erin");
        }
        StandaloneHub h = restart("auth.mode", "jwt", "auth.jwt.secret", Tokens.SECRET,
                "auth.jwt.clock.skew.seconds", "0");
        try (RawHandshake refused = handshake(h.port(), "/ws", justExpired)) {
            assertUnauthorized(refused, "expired 5 s ago, skew 0", true);
        }
        String valid = Tokens.hs256(Tokens.SECRET, Tokens.claims("erin", Instant.now().plusSeconds(30)).build());
        try (WsClient erin = WsClient.connect(h.port(), Map.of("Authorization", "Bearer " + valid))) {
            assertThat(erin.next("welcome").path("user").asText()).isEqualTo("erin");
        }
    }

    private StandaloneHub restart(String... settings) {
        return hub.restart(settings);
    }

    private RawHandshake handshake(String path, String token) {
        return handshake(hub.port(), path, token);
    }

    private static RawHandshake handshake(int port, String path, String token) {
        return RawHandshake.open(port, path, null, "127.0.0.1:" + port,
                token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    private static void assertUnauthorized(RawHandshake response, String what, boolean tokenPresented) {
        assertThat(response.status()).as(what).isEqualTo(401);
        assertThat(response.statusLine()).as(what).isEqualTo("HTTP/1.1 401 Unauthorized");
        assertThat(response.header("Content-Length")).as(what).isEqualTo("0");
        assertThat(response.header("WWW-Authenticate")).as(what).startsWith("Bearer");
        if (tokenPresented) {
            assertThat(response.header("WWW-Authenticate")).as(what).contains("error=\"invalid_token\"");
        } else {
            assertThat(response.header("WWW-Authenticate")).as(what).doesNotContain("error=");
        }
        assertThat(response.header("Upgrade")).as(what).isNull();
        assertThat(response.header("Sec-WebSocket-Accept")).as(what).isNull();
        assertThat(response.elapsed()).as(what).isLessThan(PROMPT);
        assertThat(response.closedByHub()).as(what + ": the hub closes a refused connection").isTrue();
    }

    private PrometheusText metrics() throws IOException, InterruptedException {
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(hub.http("/metrics"))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        return PrometheusText.parse(scrape.body());
    }

    /** The registry holds exactly {@code expected} connections and keeps holding them: no refused one opened. */
    private static void assertRegistryHolds(StandaloneHub h, int expected) {
        ConnectionRegistry registry = h.bean(ConnectionRegistry.class);
        await("registry holds " + expected).atMost(WAIT).until(() -> registry.count() == expected);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> registry.count() == expected);
    }
}
