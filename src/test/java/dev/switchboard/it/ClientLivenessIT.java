package dev.switchboard.it;

import static dev.switchboard.testing.Stages.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.client.BackoffPolicy;
import dev.switchboard.client.ClientState;
import dev.switchboard.client.CloseCause;
import dev.switchboard.client.StateChange;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HttpPublisher;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.RecordingChannel;
import dev.switchboard.testing.TcpProxy;

/**
 * Dead-hub detection: behind a proxy that stops forwarding without closing anything (TCP would notice nothing for
 * minutes), the Java client's application-level ping goes unanswered and it gives the connection up within about
 * twice its setting, reconnects once the network is back, and recovers what was published meanwhile.
 */
class ClientLivenessIT {

    private static final Duration PING_AFTER = Duration.ofSeconds(1);
    private static final Duration PONG_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration SETTING = PING_AFTER.plus(PONG_TIMEOUT);

    @RegisterExtension
    static final HubExtension hub = HubExtension.withDefaults();

    @Test
    void aFrozenHubIsDetectedWithinTwiceTheSettingAndTheClientRecovers() throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        List<Long> changeNanos = new CopyOnWriteArrayList<>();
        RecordingChannel received = new RecordingChannel();
        HttpPublisher publisher = new HttpPublisher(hub.port());
        try (TcpProxy proxy = TcpProxy.start(hub.port());
                SwitchboardClient client = SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + proxy.port()
                        + "/ws")).heartbeat(PING_AFTER, PONG_TIMEOUT).connectTimeout(Duration.ofSeconds(2))
                        .backoff(new BackoffPolicy(Duration.ofMillis(100), 2, Duration.ofMillis(500), 0,
                                Duration.ofSeconds(5)))
                        .onStateChange(c -> {
                            changeNanos.add(System.nanoTime());
                            changes.add(c);
                        }).build()) {
            client.subscribe("live:frozen", received);
            client.connect();
            result(client.connected());
            result(client.presence("live:frozen"));
            publisher.publish("live:frozen", Frames.object("n", 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> received.offsets().size() == 1);

            long frozenAt = System.nanoTime();
            proxy.freeze();
            publisher.publish("live:frozen", Frames.object("n", 2));
            await().atMost(SETTING.multipliedBy(4)).until(() -> client.state() != ClientState.CONNECTED);
            int lostIndex = indexOf(changes, ClientState.DISCONNECTED);
            Duration detectedAfter = Duration.ofNanos(changeNanos.get(lostIndex) - frozenAt);
            assertThat(detectedAfter).as("detected within twice ping-after + pong-timeout")
                    .isLessThanOrEqualTo(SETTING.multipliedBy(2)).isGreaterThanOrEqualTo(PONG_TIMEOUT);
            assertThat(changes.get(lostIndex).cause().kind()).isEqualTo(CloseCause.Kind.HUB_UNRESPONSIVE);

            proxy.thaw();
            await().atMost(Duration.ofSeconds(15)).until(() -> received.offsets().size() == 2);
            assertThat(received.offsets()).containsExactly(1L, 2L);
            assertThat(received.gaps()).isEmpty();
            assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
        }
    }

    @Test
    void aQuietButLiveHubIsNotMistakenForADeadOne() throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        try (SwitchboardClient client = SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + hub.port() + "/ws"))
                .heartbeat(Duration.ofMillis(300), Duration.ofMillis(700)).onStateChange(changes::add).build()) {
            client.connect();
            result(client.connected());
            await("connected through several ping rounds").during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(6)).until(() -> client.state() == ClientState.CONNECTED);
            assertThat(changes).noneMatch(c -> c.to() == ClientState.DISCONNECTED);
        }
    }

    private static int indexOf(List<StateChange> changes, ClientState to) {
        for (int i = 0; i < changes.size(); i++) {
            if (changes.get(i).to() == to) {
                return i;
            }
        }
        throw new AssertionError("no change to " + to + " in " + changes);
    }
}
