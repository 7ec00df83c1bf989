package dev.switchboard.it;

import static dev.switchboard.testing.Stages.reached;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.switchboard.client.BackoffPolicy;
import dev.switchboard.client.ClientState;
import dev.switchboard.client.CloseCause;
import dev.switchboard.client.StateChange;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.testing.ScriptedWsServer;
import dev.switchboard.testing.ScriptedWsServer.AcceptThenClose;
import dev.switchboard.testing.ScriptedWsServer.Refuse;

/**
 * The close-code table from the Java client's side, each code sent by a real (scripted) WebSocket server: the client
 * reconnects after the codes that allow it and ends in CLOSED, with the cause, after the others; handshake
 * refusals: {@code Retry-After} is a lower bound of the next delay, 401 ends the client. The real hub's own codes
 * (1001, 1009, 4501) are in ClientRecoveryIT and ClientTokenIT.
 */
class ClientCloseCodesIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Fast retries: a reconnect, if any, comes within a few hundred milliseconds. */
    private static final BackoffPolicy FAST =
            new BackoffPolicy(Duration.ofMillis(50), 2.0, Duration.ofMillis(200), 0, Duration.ofSeconds(10));
    /** The second attempt is accepted and held open. */
    private static final AcceptThenClose HOLD = new AcceptThenClose(1001, 60_000);

    private static SwitchboardClient client(int port, List<StateChange> changes) {
        return SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + port + "/ws")).backoff(FAST)
                .onStateChange(changes::add).build();
    }

    @ParameterizedTest(name = "close {0}: reconnect")
    @ValueSource(ints = {1000, 1001, 1011, 1012, 1013, 4000, 4008, 4009, 4010, 4029, 4499})
    void reconnectsAfter(int code) throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        try (ScriptedWsServer server = ScriptedWsServer.start(n -> n == 0 ? new AcceptThenClose(code, 100) : HOLD);
                SwitchboardClient client = client(server.port(), changes)) {
            client.connect();
            await().atMost(WAIT).until(() -> server.attempts().size() == 2
                    && reached(changes, ClientState.CONNECTED));
            StateChange lost = changes.stream().filter(c -> c.to() == ClientState.DISCONNECTED).findFirst()
                    .orElseThrow();
            assertThat(lost.cause().kind()).isEqualTo(CloseCause.Kind.HUB_CLOSED);
            assertThat(lost.cause().code()).isEqualTo(code);
            assertThat(lost.retryIn()).isNotNull();
        }
    }

    @Test
    void reconnectsAfterADropWithoutCloseFrame() throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        try (ScriptedWsServer server = ScriptedWsServer.start(n -> n == 0 ? new AcceptThenClose(0, 100) : HOLD);
                SwitchboardClient client = client(server.port(), changes)) {
            client.connect();
            await().atMost(WAIT).until(() -> server.attempts().size() == 2
                    && reached(changes, ClientState.CONNECTED));
            StateChange lost = changes.stream().filter(c -> c.to() == ClientState.DISCONNECTED).findFirst()
                    .orElseThrow();
            assertThat(lost.cause().code()).as("a drop is 1006: %s", lost.cause()).isEqualTo(1006);
        }
    }

    @ParameterizedTest(name = "close {0}: closed for good")
    @ValueSource(ints = {1002, 1003, 1008, 1009, 4500, 4501, 4503, 4999})
    void givesUpAfter(int code) throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        try (ScriptedWsServer server = ScriptedWsServer.start(n -> n == 0 ? new AcceptThenClose(code, 100) : HOLD);
                SwitchboardClient client = client(server.port(), changes)) {
            client.connect();
            await().atMost(WAIT).until(() -> reached(changes, ClientState.CLOSED));
            StateChange closed = changes.stream().filter(c -> c.to() == ClientState.CLOSED).findFirst()
                    .orElseThrow();
            assertThat(closed.from()).isEqualTo(ClientState.CONNECTED);
            assertThat(closed.cause().kind()).isEqualTo(CloseCause.Kind.HUB_CLOSED);
            assertThat(closed.cause().code()).isEqualTo(code);
            assertThat(changes).noneMatch(c -> c.to() == ClientState.DISCONNECTED);
            // With 50 ms steps a reconnect would come within a few hundred milliseconds.
            await("no second attempt").during(Duration.ofSeconds(1)).atMost(WAIT)
                    .until(() -> server.attempts().size() == 1);
        }
    }

    @Test
    void retryAfterAtTheHandshakeIsALowerBoundOfTheNextDelay() throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        try (ScriptedWsServer server = ScriptedWsServer.start(
                n -> n == 0 ? new Refuse(429, List.of("Retry-After: 2")) : HOLD);
                SwitchboardClient client = client(server.port(), changes)) {
            client.connect();
            await().atMost(WAIT).until(() -> reached(changes, ClientState.CONNECTED));
            List<Long> at = server.attempts();
            assertThat(at).hasSize(2);
            assertThat(Duration.ofNanos(at.get(1) - at.get(0))).as("second attempt after Retry-After: 2")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1950));
            StateChange refused = changes.stream().filter(c -> c.to() == ClientState.DISCONNECTED).findFirst()
                    .orElseThrow();
            assertThat(refused.cause().kind()).isEqualTo(CloseCause.Kind.HANDSHAKE_REFUSED);
            assertThat(refused.cause().code()).isEqualTo(429);
            assertThat(refused.retryIn()).isEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void unavailableWithoutRetryAfterWaitsAtLeastTheUncutStep() throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        try (ScriptedWsServer server = ScriptedWsServer.start(n -> n < 3 ? new Refuse(503, List.of()) : HOLD);
                SwitchboardClient client = client(server.port(), changes)) {
            client.connect();
            await().atMost(WAIT).until(() -> reached(changes, ClientState.CONNECTED));
            List<Duration> delays = changes.stream().filter(c -> c.to() == ClientState.DISCONNECTED)
                    .map(StateChange::retryIn).toList();
            assertThat(delays).as("no jitter below the steps 50, 100, 200 ms")
                    .containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200));
        }
    }

    @Test
    void unauthorizedAtTheHandshakeClosesTheClient() throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        try (ScriptedWsServer server = ScriptedWsServer.start(n -> new Refuse(401, List.of()));
                SwitchboardClient client = client(server.port(), changes)) {
            client.connect();
            await().atMost(WAIT).until(() -> reached(changes, ClientState.CLOSED));
            StateChange closed = changes.get(changes.size() - 1);
            assertThat(closed.cause().kind()).isEqualTo(CloseCause.Kind.HANDSHAKE_REFUSED);
            assertThat(closed.cause().code()).isEqualTo(401);
            await("no hammering").during(Duration.ofMillis(500)).atMost(WAIT)
                    .until(() -> server.attempts().size() == 1);
        }
    }
}
