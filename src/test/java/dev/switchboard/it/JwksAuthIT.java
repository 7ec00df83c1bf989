package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;

import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.JwksServer;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.Tokens;
import dev.switchboard.testing.WsClient;

/**
 * {@code auth.jwt.jwks.url} against an identity provider's JWKS endpoint served on loopback by the test: keys
 * are fetched and cached, fetched again for a new {@code kid} after the provider rotates; an unknown {@code kid}
 * and an unreachable or silent provider are refused with 401 within the timeout, never hung.
 */
class JwksAuthIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final RSAKey first = Tokens.rsaKey("k1");
    private final JwksServer jwks = JwksServer.start();

    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings("auth.mode", "jwt", "auth.jwt.jwks.url", jwks.url(),
            "auth.jwt.jwks.timeout.seconds", Long.toString(TIMEOUT.toSeconds()));

    @AfterEach
    void stopTheProvider() {
        jwks.close();
    }

    private static String rs256(RSAKey key, String sub) {
        return Tokens.rs256(key, Tokens.claims(sub, Instant.now().plusSeconds(3600)).build());
    }

    private static WsClient connect(int port, String token) {
        return WsClient.connect(port, Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void aTokenSignedWithAPublishedKeyIsAcceptedAndTheKeySetCached() {
        ECKey ec = Tokens.ecKey("e1");
        jwks.serve(List.of(first, ec));
        try (WsClient alice = connect(hub.port(), rs256(first, "alice"));
                WsClient bob = connect(hub.port(), Tokens.es256(ec, Tokens.claims("bob",
                        Instant.now().plusSeconds(60)).build()))) {
            assertThat(alice.next("welcome").path("user").asText()).isEqualTo("alice");
            assertThat(bob.next("welcome").path("user").asText()).isEqualTo("bob");
        }
        try (WsClient again = connect(hub.port(), rs256(first, "carol"))) {
            assertThat(again.next("welcome").path("user").asText()).isEqualTo("carol");
        }
        assertThat(jwks.fetches()).as("one fetch, then the cache").isEqualTo(1);
        try (RawHandshake refused = handshake(hub.port(), Tokens.hs256("mallory"))) {
            assertThat(refused.status()).as("an HS256 token against a JWK set").isEqualTo(401);
        }
    }

    @Test
    void aNewKidAfterTheProviderRotatesIsAcceptedOnceTheSetIsFetchedAgain() {
        jwks.serve(List.of(first));
        try (WsClient alice = connect(hub.port(), rs256(first, "alice"))) {
            assertThat(alice.next("welcome").path("user").asText()).isEqualTo("alice");
        }
        RSAKey rotated = Tokens.rsaKey("k2");
        jwks.serve(List.of(rotated));
        try (WsClient bob = connect(hub.port(), rs256(rotated, "bob"))) {
            assertThat(bob.next("welcome").path("user").asText()).isEqualTo("bob");
        }
        assertThat(jwks.fetches()).as("fetched again for the unknown kid").isEqualTo(2);
    }

    @Test
    void aKidThatNeverAppearsIsRefusedWithoutHammeringTheProvider() {
        jwks.serve(List.of(first));
        RSAKey stranger = Tokens.rsaKey("never-published");
        int attempts = 6;
        for (int i = 0; i < attempts; i++) {
            try (RawHandshake refused = handshake(hub.port(), rs256(stranger, "mallory"))) {
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
            }
        }
        // A kid with the published key but another key's signature is refused too.
        RSAKey impostor = new RSAKey.Builder(Tokens.rsaKey("x")).keyID("k1").build();
        try (RawHandshake refused = handshake(hub.port(), rs256(impostor, "mallory"))) {
            assertThat(refused.status()).isEqualTo(401);
        }
        assertThat(jwks.fetches()).as("unknown kids refetch at a limited rate").isLessThanOrEqualTo(3);
    }

    @Test
    void aSilentProviderMeansRefusedWithinTheTimeoutNotHung() {
        jwks.hang();
        try (RawHandshake refused = handshake(hub.port(), rs256(first, "alice"))) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("Content-Length")).isEqualTo("0");
            assertThat(refused.elapsed()).as("bounded by the JWKS timeout").isLessThan(TIMEOUT.multipliedBy(4));
        }
    }

    @Test
    void anUnreachableProviderMeansRefusedPromptly() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        StandaloneHub h = hub.restart("auth.mode", "jwt", "auth.jwt.jwks.url",
                "http://127.0.0.1:" + closedPort + "/jwks", "auth.jwt.jwks.timeout.seconds", "1");
        try (RawHandshake refused = handshake(h.port(), rs256(first, "alice"))) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.elapsed()).isLessThan(TIMEOUT.multipliedBy(4));
        }
    }

    private static RawHandshake handshake(int port, String token) {
        return RawHandshake.open(port, "/ws", null, "127.0.0.1:" + port,
                Map.of("Authorization", "Bearer " + token));
    }
}
