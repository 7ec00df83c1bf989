package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.Tokens;
import dev.switchboard.testing.WsClient;

/**
 * The HTTP API's callers: the API key may do everything; a token may publish where its {@code publish} claim
 * allows, read history where its {@code channels} claim allows, and manage revocations or message users only with
 * the {@code "switchboard":["admin"]} role. 401 for a missing or invalid credential, 403 for a valid one that may
 * not do this. {@code POST /api/v1/users/{user}/messages} reaches every connection of the user.
 */
class ApiIdentityIT {

    private static final String API_KEY = "api-identity-test-key";

    @RegisterExtension
    static final HubExtension hub = HubExtension.withSettings("auth.mode", "jwt", "auth.jwt.secret", Tokens.SECRET,
            "api.key", API_KEY);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String token(String sub, Map<String, Object> claims) {
        var builder = Tokens.claims(sub, Instant.now().plusSeconds(3600));
        claims.forEach(builder::claim);
        return Tokens.hs256(Tokens.SECRET, builder.build());
    }

    private HttpResponse<String> call(String method, String path, String credential, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.http(path)).header("Content-Type",
                "application/json").method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTokenPublishesWhereItsPublishClaimAllowsAndNowhereElse() throws Exception {
        String publisher = token("svc-news", Map.of("publish", List.of("news:*")));
        assertThat(call("POST", "/api/v1/channels/news:today/messages", publisher, "{}").statusCode()).isEqualTo(201);
        HttpResponse<String> elsewhere = call("POST", "/api/v1/channels/chat:lobby/messages", publisher, "{}");
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(new ObjectMapper().readTree(elsewhere.body()).path("code").asText()).isEqualTo("forbidden");
        assertThat(call("GET", "/api/v1/channels/news:today/history", publisher, null).statusCode())
                .as("publish does not imply reading").isEqualTo(403);
        String reader = token("svc-reader", Map.of("channels", List.of("news:**")));
        assertThat(call("GET", "/api/v1/channels/news:today/history", reader, null).statusCode()).isEqualTo(200);
    }

    @Test
    void revocationsNeedTheAdminRole() throws Exception {
        String body = "{\"sub\":\"someone\",\"expiresInSeconds\":5}";
        assertThat(call("POST", "/api/v1/revocations", token("ops", Map.of()), body).statusCode()).isEqualTo(403);
        String admin = token("ops", Map.of("switchboard", List.of("admin")));
        assertThat(call("POST", "/api/v1/revocations", admin, body).statusCode()).isEqualTo(201);
        assertThat(call("DELETE", "/api/v1/revocations/someone", API_KEY, null).statusCode()).isEqualTo(204);
    }

    @Test
    void missingOrInvalidCredentialsAre401() throws Exception {
        String good = token("svc", Map.of("publish", List.of("**")));
        for (String credential : new String[] {null, Tokens.forged(good), API_KEY + "x", "garbage"}) {
            HttpResponse<String> refused = call("POST", "/api/v1/channels/news:x/messages", credential, "{}");
            assertThat(refused.statusCode()).as(String.valueOf(credential)).isEqualTo(401);
            assertThat(refused.body()).doesNotContain(good).doesNotContain(API_KEY);
        }
    }

    @Test
    void aMessageToAUserReachesEachOfItsConnections() throws Exception {
        try (WsClient one = WsClient.connect(hub.port(), Map.of("Authorization", "Bearer " + Tokens.hs256("ivan")));
                WsClient two = WsClient.connect(hub.port(), Map.of("Authorization", "Bearer " + Tokens.hs256("ivan")))) {
            one.next("welcome");
            two.next("welcome");
            HttpResponse<String> sent = call("POST", "/api/v1/users/ivan/messages", API_KEY, "{\"note\":\"hi\"}");
            assertThat(sent.statusCode()).isEqualTo(202);
            assertThat(new ObjectMapper().readTree(sent.body()).path("connections").asInt()).isEqualTo(2);
            for (WsClient c : new WsClient[] {one, two}) {
                JsonNode direct = c.next("direct");
                assertThat(direct.path("data").path("note").asText()).isEqualTo("hi");
                assertThat(direct.path("from").asText()).isEqualTo("server");
            }
            assertThat(call("POST", "/api/v1/users/nobody-here/messages", API_KEY, "{}").body())
                    .isEqualTo("{\"connections\":0}");
            assertThat(call("POST", "/api/v1/users/ivan/messages", API_KEY, "{not json").statusCode()).isEqualTo(400);
            assertThat(call("POST", "/api/v1/users/ivan/messages", token("ivan", Map.of()), "{}").statusCode())
                    .as("only the key or an admin").isEqualTo(403);
            one.send(Frames.ping().id(1));
            assertThat(one.next("pong").path("id").asInt()).isEqualTo(1);
        }
    }
}
