package dev.switchboard.it;

import static dev.switchboard.testing.Stages.reached;
import static dev.switchboard.testing.Stages.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.client.BackoffPolicy;
import dev.switchboard.client.ClientState;
import dev.switchboard.client.CloseCause;
import dev.switchboard.client.StateChange;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.Tokens;

/**
 * The Java client's tokens against a real hub with {@code auth.mode=jwt} (skew 0): a token that expires is refreshed
 * in time and the connection lives on; without a fresh token the hub closes with 4501 and the client stops, without
 * hammering; a supplier that starts failing makes attempts fail until {@code maxAttempts} ends the client, and no
 * handshake without a token reaches the hub; a message larger than {@code maxMessageBytes} (1009) ends it too.
 */
class ClientTokenIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final BackoffPolicy FAST =
            new BackoffPolicy(Duration.ofMillis(50), 2.0, Duration.ofMillis(200), 0, Duration.ofSeconds(10));

    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings("auth.mode", "jwt", "auth.jwt.secret", Tokens.SECRET,
            "auth.jwt.clock.skew.seconds", "0");

    private static String token(String sub, int seconds) {
        Instant exp = Instant.now().plusSeconds(seconds + 1L).truncatedTo(ChronoUnit.SECONDS);
        return Tokens.hs256(Tokens.SECRET, Tokens.claims(sub, exp).build());
    }

    @Test
    void aTokenAboutToExpireIsRefreshedAndTheConnectionLivesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        try (SwitchboardClient client = SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + hub.port() + "/ws"))
                .token(() -> {
                    calls.incrementAndGet();
                    return token("alice", 3);
                }).refreshBefore(Duration.ofSeconds(2)).backoff(FAST).onStateChange(changes::add).build()) {
            client.connect();
            result(client.connected());
            Instant firstExp = Instant.now().plusSeconds(4);
            await().atMost(WAIT).until(() -> Instant.now().isAfter(firstExp.plusSeconds(3)));
            assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
            assertThat(changes).as("never disconnected").noneMatch(c -> c.to() == ClientState.DISCONNECTED);
            assertThat(calls.get()).as("the supplier gave fresh tokens for refreshes").isGreaterThanOrEqualTo(3);
            assertThat(result(client.presence("any:room"))).isEmpty();
        }
    }

    @Test
    void anExpiredTokenClosesTheClientWith4501AndItDoesNotHammer() throws Exception {
        String once = token("bob", 2);
        AtomicInteger calls = new AtomicInteger();
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        try (TcpProxy proxy = TcpProxy.start(hub.port());
                SwitchboardClient client = SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + proxy.port()
                        + "/ws")).token(() -> {
                            calls.incrementAndGet();
                            return once;
                        }).refreshBefore(Duration.ofMillis(100)).backoff(FAST).onStateChange(changes::add).build()) {
            client.connect();
            result(client.connected());
            await().atMost(WAIT).until(() -> reached(changes, ClientState.CLOSED));
            StateChange closed = changes.get(changes.size() - 1);
            assertThat(closed.cause().kind()).isEqualTo(CloseCause.Kind.HUB_CLOSED);
            assertThat(closed.cause().code()).isEqualTo(4501);
            await("no new handshake").during(Duration.ofSeconds(1)).atMost(WAIT)
                    .until(() -> proxy.accepted() == 1);
        }
    }

    @Test
    void aSupplierThatStartsFailingEndsTheClientAfterMaxAttempts() throws Exception {
        AtomicBoolean failing = new AtomicBoolean();
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        try (TcpProxy proxy = TcpProxy.start(hub.port());
                SwitchboardClient client = SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + proxy.port()
                        + "/ws")).token(() -> {
                            if (failing.get()) {
                                throw new IllegalStateException("identity provider down");
                            }
                            return token("carol", 3600);
                        }).backoff(FAST).maxAttempts(3).onStateChange(changes::add).build()) {
            client.connect();
            result(client.connected());
            failing.set(true);
            proxy.cut();
            await("the cut is noticed").atMost(WAIT).until(() -> client.state() != ClientState.CONNECTED);
            await().atMost(WAIT).untilAsserted(() -> assertThat(reached(changes, ClientState.CLOSED))
                    .as("changes: %s", changes).isTrue());
            int cutAt = changes.indexOf(changes.stream().filter(c -> c.from() == ClientState.CONNECTED).findFirst()
                    .orElseThrow());
            List<StateChange> afterCut = changes.subList(cutAt + 1, changes.size());
            assertThat(afterCut.stream().filter(c -> c.to() == ClientState.CONNECTING).count())
                    .as("three attempts after the cut: %s", afterCut).isEqualTo(3);
            assertThat(afterCut.stream().filter(c -> c.from() == ClientState.CONNECTING && c.cause() != null))
                    .as("each failed on the supplier").hasSize(3)
                    .allMatch(c -> c.cause().kind() == CloseCause.Kind.TOKEN_FAILED
                            || c.cause().kind() == CloseCause.Kind.GAVE_UP);
            StateChange closed = changes.get(changes.size() - 1);
            assertThat(closed.from()).isEqualTo(ClientState.CONNECTING);
            assertThat(closed.cause().kind()).isEqualTo(CloseCause.Kind.GAVE_UP);
            assertThat(closed.cause().error()).hasMessage("identity provider down");
            assertThat(proxy.accepted()).as("no handshake without a token").isEqualTo(1);
        }
    }

    @Test
    void aMessageOverTheHubsLimitEndsTheClientWith1009() throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        try (SwitchboardClient client = SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + hub.port() + "/ws"))
                .token(() -> token("dave", 3600)).backoff(FAST).onStateChange(changes::add).build()) {
            client.connect();
            result(client.connected());
            client.publish("big:one", Map.of("text", "x".repeat(70_000)));
            await().atMost(WAIT).until(() -> reached(changes, ClientState.CLOSED));
            StateChange closed = changes.get(changes.size() - 1);
            assertThat(closed.cause().code()).isEqualTo(1009);
            assertThat(changes).noneMatch(c -> c.to() == ClientState.DISCONNECTED);
        }
    }
}
