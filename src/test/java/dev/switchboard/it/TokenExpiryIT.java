package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.Tokens;
import dev.switchboard.testing.WsClient;

/**
 * A token that expires during a connection (skew 0): the hub closes the session with 4501 within about a second
 * of {@code exp}, unless the client refreshed in time with a valid token of the same user; a refresh as someone
 * else, or with an invalid token, is {@code forbidden} and changes nothing.
 */
class TokenExpiryIT {

    /** The heartbeat sweep runs at least once a second; a little more for a loaded machine. */
    private static final Duration CLOSE_WITHIN = Duration.ofMillis(2000);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings("auth.mode", "jwt", "auth.jwt.secret", Tokens.SECRET,
            "auth.jwt.clock.skew.seconds", "0");

    /** @return a whole second at least {@code seconds} from now (exp has seconds precision) */
    private static Instant expiryIn(int seconds) {
        return Instant.now().plusSeconds(seconds + 1L).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String token(String sub, Instant exp) {
        return Tokens.hs256(Tokens.SECRET, Tokens.claims(sub, exp).build());
    }

    private WsClient connect(String token) {
        WsClient client = WsClient.connect(hub.port(), Map.of("Authorization", "Bearer " + token));
        client.next("welcome");
        return client;
    }

    /** Waits for the close: 4501, not before {@code exp} and within {@link #CLOSE_WITHIN} after it. */
    private static void assertClosedWith4501At(WsClient client, Instant exp) {
        int code = client.awaitClose(WAIT);
        Instant closedAt = Instant.now();
        assertThat(code).isEqualTo(4501);
        assertThat(closedAt).as("not before exp").isAfterOrEqualTo(exp.minusMillis(20));
        assertThat(closedAt).as("within about a second after exp").isBefore(exp.plus(CLOSE_WITHIN));
    }

    @Test
    void aTokenThatExpiresClosesTheSessionWith4501() {
        Instant exp = expiryIn(2);
        try (WsClient alice = connect(token("alice", exp))) {
            assertClosedWith4501At(alice, exp);
        }
    }

    @Test
    void aRefreshBeforeExpKeepsTheSessionPastTheFirstExp() {
        Instant first = expiryIn(2);
        Instant second = first.plusSeconds(3);
        try (WsClient alice = connect(token("alice", first))) {
            alice.send(Frames.refresh(7, token("alice", second)));
            JsonNode refreshed = alice.next("refreshed");
            assertThat(refreshed.path("id").asInt()).isEqualTo(7);
            assertThat(refreshed.path("exp").asLong()).isEqualTo(second.getEpochSecond());

            await("open until well past the first exp").during(Duration.between(Instant.now(),
                    first.plus(CLOSE_WITHIN))).atMost(WAIT).until(() -> !alice.isClosed());
            alice.send(Frames.ping().id(8));
            assertThat(alice.next("pong").path("id").asInt()).isEqualTo(8);
            assertClosedWith4501At(alice, second);
        }
    }

    @Test
    void aRefreshAsSomeoneElseOrWithAnInvalidTokenIsForbiddenAndChangesNothing() {
        Instant exp = expiryIn(2);
        Instant later = exp.plusSeconds(3600);
        try (WsClient alice = connect(token("alice", exp))) {
            String[] refused = {token("mallory", later), Tokens.forged(token("alice", later)),
                Tokens.algNone(Tokens.claims("alice", later).build()),
                token("alice", Instant.now().minusSeconds(5)), "garbage"};
            for (int i = 0; i < refused.length; i++) {
                alice.send(Frames.refresh(i, refused[i]));
                JsonNode error = alice.next("error");
                assertThat(error.path("id").asInt()).isEqualTo(i);
                assertThat(error.path("code").asText()).isEqualTo("forbidden");
                assertThat(error.path("message").asText()).doesNotContain(refused[i]);
            }
            alice.send(Frames.object("type", "refresh", "id", 99).toString());
            assertThat(alice.next("error").path("code").asText()).as("no token field").isEqualTo("bad_request");
            assertClosedWith4501At(alice, exp);
        }
    }

    @Test
    void withoutTokenAuthenticationARefreshIsABadRequest() {
        hub.restart();
        try (WsClient anonymous = WsClient.connect(hub.port())) {
            assertThat(anonymous.next("welcome").path("user").asText()).startsWith("anon-");
            anonymous.send(Frames.refresh(1, Tokens.hs256("alice")));
            JsonNode error = anonymous.next("error");
            assertThat(error.path("code").asText()).isEqualTo("bad_request");
            assertThat(error.path("id").asInt()).isEqualTo(1);
        }
    }
}
