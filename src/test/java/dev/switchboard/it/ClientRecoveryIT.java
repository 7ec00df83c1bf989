package dev.switchboard.it;

import static dev.switchboard.testing.Stages.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.client.BackoffPolicy;
import dev.switchboard.client.ClientState;
import dev.switchboard.client.Gap;
import dev.switchboard.client.StateChange;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HttpPublisher;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.RecordingChannel;
import dev.switchboard.testing.TcpProxy;

/**
 * The Java client's delivery guarantee across reconnects, against the real hub: messages published over HTTP while
 * the network is cut three times all arrive exactly once and in order; a hub restarted on the same port (its
 * history lost) is reported as a gap before the new messages, never as silence.
 */
class ClientRecoveryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final BackoffPolicy FAST =
            new BackoffPolicy(Duration.ofMillis(50), 2.0, Duration.ofMillis(500), 0, Duration.ofSeconds(1));

    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings("history.size", "20000", "rate.api.per.second", "100000");

    private static SwitchboardClient client(int port, List<StateChange> changes) {
        return SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + port + "/ws")).backoff(FAST)
                .onStateChange(changes::add).build();
    }

    @Test
    void tenThousandMessagesDuringThreeCutsArriveExactlyOnceInOrder() throws Exception {
        int total = 10_000;
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        RecordingChannel received = new RecordingChannel();
        HttpPublisher publisher = new HttpPublisher(hub.port());
        try (TcpProxy proxy = TcpProxy.start(hub.port()); SwitchboardClient client = client(proxy.port(), changes)) {
            client.subscribe("cr:stream", received);
            client.connect();
            result(client.connected());
            result(client.presence("cr:stream"));
            for (int n = 1; n <= total; n++) {
                publisher.publish("cr:stream", Frames.object("n", n));
                if (n % 2500 == 0 && n < total) {
                    proxy.cut();
                }
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(received.offsets()).as("offsets delivered")
                    .hasSize(total));
            assertThat(received.offsets()).as("exactly once, in order")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(received.messages()).allMatch(m -> m.data().path("n").asLong() == m.offset());
            assertThat(received.gaps()).as("nothing was lost: no gap").isEmpty();
            assertThat(changes.stream().filter(c -> c.to() == ClientState.DISCONNECTED).count())
                    .as("three reconnects (or more, if an attempt met a cut)").isGreaterThanOrEqualTo(3);
            assertThat(proxy.accepted()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aRestartedHubThatLostItsHistoryIsAGapBeforeTheNewMessages() throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        RecordingChannel received = new RecordingChannel();
        int port = hub.port();
        try (SwitchboardClient client = client(port, changes)) {
            client.subscribe("cr:restart", received);
            client.connect();
            result(client.connected());
            result(client.presence("cr:restart"));
            for (int n = 1; n <= 5; n++) {
                new HttpPublisher(port).publish("cr:restart", Frames.object("n", n));
            }
            await().atMost(WAIT).until(() -> received.offsets().size() == 5);
            String firstEpoch = received.messages().get(0).epoch();

            hub.restart("port", String.valueOf(port), "history.size", "20000", "rate.api.per.second", "100000");
            await().atMost(WAIT).until(() -> changes.stream().filter(c -> c.to() == ClientState.CONNECTED).count()
                    == 2);
            result(client.presence("cr:restart"));
            List<Long> after = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                after.add(new HttpPublisher(port).publish("cr:restart", Frames.object("n", 100 + n))
                        .path("offset").asLong());
            }
            await().atMost(WAIT).until(() -> received.events().size() == 5 + 1 + 3);
            List<RecordingChannel.Event> events = received.events();
            Gap gap = events.get(5).gap();
            assertThat(gap).as("the 6th delivery is the gap: %s", events).isNotNull();
            assertThat(gap.reason()).isEqualTo(Gap.Reason.EPOCH_CHANGED);
            assertThat(gap.lastEpoch()).isEqualTo(firstEpoch);
            assertThat(gap.lastOffset()).isEqualTo(5);
            assertThat(gap.epoch()).isNotEqualTo(firstEpoch);
            assertThat(events.subList(6, 9)).extracting(e -> e.message().data().path("n").asInt())
                    .containsExactly(101, 102, 103);
            assertThat(events.subList(6, 9)).extracting(e -> e.message().offset()).containsExactlyElementsOf(after);
            StateChange lost = changes.stream().filter(c -> c.to() == ClientState.DISCONNECTED).findFirst()
                    .orElseThrow();
            assertThat(lost.cause().code()).as("the hub's shutdown close code").isEqualTo(1001);
        }
    }
}
