package dev.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.HubConfig;
import dev.switchboard.metrics.MicrometerHubMetrics;
import dev.switchboard.outbox.ScriptedTransport;
import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionClosed;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.registry.OpenRequest;
import dev.switchboard.registry.RecordingEvent;
import dev.switchboard.registry.SendPool;
import dev.switchboard.testing.FakeClock;
import dev.switchboard.testing.ManualExecutor;

/**
 * Subscribe, publish, history and presence with fakes (a manual send pool, scripted transports; no Weld, no
 * sockets): the results the service returns, and what reaches each connection in which order.
 */
class ChannelServiceTest {

    /** What the dispatcher would enqueue as the {@code subscribed} reply; here a marker frame. */
    private static final String ACK = "ack";

    private final ManualExecutor sendPool = new ManualExecutor();
    private final FakeClock clock = new FakeClock();
    private final JsonCodec codec = new JsonCodec();
    private final ObjectMapper json = new ObjectMapper();
    private final RecordingEvent<ConnectionClosed> closedEvent = new RecordingEvent<>();
    private ConnectionRegistry registry;
    private ChannelService service;

    private void start(Map<String, String> settings) {
        start(settings, SendPool.of(sendPool));
    }

    /** @param servicePool the send pool the channel service hands its presence clean-up to */
    private void start(Map<String, String> settings, SendPool servicePool) {
        HubConfig config = ConfigLoader.fromMap(settings);
        MicrometerHubMetrics metrics = new MicrometerHubMetrics(new SimpleMeterRegistry());
        registry = new ConnectionRegistry(config, metrics, clock, closedEvent, SendPool.of(sendPool));
        service = new ChannelService(config, registry, new MemoryHistoryStore(codec, 100, Duration.ofMinutes(5),
                clock, () -> 0L), new MemoryBroker(), codec, metrics, servicePool);
        closedEvent.observe(service::onClosed);
    }

    private Connection open(String user, ScriptedTransport transport) {
        transport.completeInline();
        return registry.open(new OpenRequest(user, "127.0.0.1", null, transport)).orElseThrow();
    }

    /** @return an acknowledgement that records the result and enqueues the marker, as the dispatcher's reply would */
    private static Consumer<SubscribeResult> ack(Connection c, List<SubscribeResult> results) {
        return result -> {
            results.add(result);
            c.send(OutboundFrame.of(ACK));
        };
    }

    /** Runs the send pool, then @return every text frame the transport wrote, in order */
    private List<String> written(ScriptedTransport transport) {
        sendPool.runAll();
        return transport.events().stream().filter(e -> e.startsWith("text:")).map(e -> e.substring(5)).toList();
    }

    /** @return a frame's {@code type} and, for messages, its offset: {@code message:3}, {@code join:alice} */
    private List<String> summary(List<String> frames) throws Exception {
        List<String> out = new ArrayList<>();
        for (String frame : frames) {
            if (frame.equals(ACK)) {
                out.add(ACK);
                continue;
            }
            JsonNode node = json.readTree(frame);
            String type = node.path("type").asText();
            out.add(type + ":" + (type.equals("message") ? node.path("offset").asText() : node.path("user").asText()));
        }
        return out;
    }

    private void publish(int count) {
        for (int n = 1; n <= count; n++) {
            service.publish("room", "{\"n\":" + n + "}", Hub.SERVER, null);
        }
    }

    @Test
    void subscribeWithoutRecoveryAcknowledgesOnceThenDeliversLive() throws Exception {
        start(Map.of());
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = open("alice", transport);
        List<SubscribeResult> acks = new ArrayList<>();

        SubscribeResult result = service.subscribe(c, "room", null, null, ack(c, acks)).toCompletableFuture().join();
        publish(1);

        assertThat(acks).containsExactly(result);
        assertThat(result.recovered()).as("no recovery asked").isNull();
        assertThat(result.position().offset()).isZero();
        assertThat(summary(written(transport))).containsExactly(ACK, "message:1");
    }

    @Test
    void recoveryReplaysTheMissedMessagesAfterTheAcknowledgementAndBeforeLiveOnes() throws Exception {
        start(Map.of());
        publish(3);
        String epoch = service.history("room", 0, 1).toCompletableFuture().join().position().epoch();
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = open("alice", transport);

        SubscribeResult result = service.subscribe(c, "room", 1L, epoch, ack(c, new ArrayList<>()))
                .toCompletableFuture().join();
        service.publish("room", "{\"n\":4}", Hub.SERVER, null);

        assertThat(result.recovered()).isTrue();
        assertThat(result.position()).isEqualTo(new StreamPosition(3, epoch));
        assertThat(summary(written(transport))).containsExactly(ACK, "message:2", "message:3", "message:4");
    }

    @Test
    void recoveryFromAnotherEpochReplaysNothing() throws Exception {
        start(Map.of());
        publish(2);
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = open("alice", transport);

        SubscribeResult result = service.subscribe(c, "room", 1L, "another-epoch", ack(c, new ArrayList<>()))
                .toCompletableFuture().join();

        assertThat(result.recovered()).isFalse();
        assertThat(result.position().offset()).isEqualTo(2);
        assertThat(summary(written(transport))).containsExactly(ACK);
    }

    @Test
    void aMessagePublishedDuringSubscribeArrivesOnceAfterTheReplay() throws Exception {
        start(Map.of());
        publish(3);
        String epoch = service.history("room", 0, 1).toCompletableFuture().join().position().epoch();
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = open("alice", transport);
        CompletableFuture<ChannelMessage> racing = new CompletableFuture<>();
        Thread publisher = new Thread(() -> racing.complete(
                service.publish("room", "{\"n\":4}", "bob", null).toCompletableFuture().join()),
                "test-publisher");

        service.subscribe(c, "room", 1L, epoch, result -> {
            c.send(OutboundFrame.of(ACK));
            // Publish from another thread while the subscribe holds the channel: it must wait for the replay.
            publisher.start();
            await("the racing publish to wait for the channel's lock").atMost(Duration.ofSeconds(5))
                    .until(() -> publisher.getState() == Thread.State.WAITING);
        });

        assertThat(racing).succeedsWithin(Duration.ofSeconds(5)).extracting(ChannelMessage::offset).isEqualTo(4L);
        assertThat(summary(written(transport))).as("no gap, no duplicate")
                .containsExactly(ACK, "message:2", "message:3", "message:4");
    }

    @Test
    void publishNumbersMessagesAndDeliversTheStoredFrame() throws Exception {
        start(Map.of());
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = open("alice", transport);
        service.subscribe(c, "room");

        ChannelMessage first = service.publish("room", "{\"n\":1}", "bob", "4bf92f3577b34da6a3ce929d0e0e4736")
                .toCompletableFuture().join();
        ChannelMessage second = service.publish("room", "{\"n\":2}", "bob", null).toCompletableFuture().join();

        assertThat(first.offset()).isEqualTo(1);
        assertThat(second.offset()).isEqualTo(2);
        assertThat(second.epoch()).isEqualTo(first.epoch());
        assertThat(first.from()).isEqualTo("bob");
        assertThat(first.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(written(transport)).containsExactly(first.frame().text(), second.frame().text());
        assertThat(service.history("room", 0, 10).toCompletableFuture().join().messages().get(0).frame())
                .isSameAs(first.frame());
    }

    @Test
    void historyReturnsTheHeldMessagesAfterSince() {
        start(Map.of());
        publish(3);

        HistoryRead tail = service.history("room", 1, 1).toCompletableFuture().join();
        HistoryRead all = service.history("room", 0, 10).toCompletableFuture().join();

        assertThat(tail.messages()).extracting(ChannelMessage::offset).containsExactly(2L);
        assertThat(tail.recovered()).isTrue();
        assertThat(all.messages()).extracting(ChannelMessage::offset).containsExactly(1L, 2L, 3L);
        assertThat(all.position().offset()).isEqualTo(3);
        assertThat(service.history("empty", 0, 10).toCompletableFuture().join().messages()).isEmpty();
    }

    @Test
    void unsubscribeStopsDeliveryAndSaysWhetherItWasSubscribed() throws Exception {
        start(Map.of());
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = open("alice", transport);
        service.subscribe(c, "room", null, null, ack(c, new ArrayList<>()));

        assertThat(service.unsubscribe(c, "room")).isTrue();
        assertThat(service.unsubscribe(c, "room")).isFalse();
        assertThat(service.unsubscribe(c, "elsewhere")).isFalse();
        publish(1);

        assertThat(summary(written(transport))).containsExactly(ACK);
    }

    @Test
    void presenceListsEachOpenSubscribersUserOnce() {
        start(Map.of());
        Connection bob = open("bob", new ScriptedTransport());
        Connection alice = open("alice", new ScriptedTransport());
        Connection aliceAgain = open("alice", new ScriptedTransport());
        Connection carol = open("carol", new ScriptedTransport());
        for (Connection c : List.of(bob, alice, aliceAgain, carol)) {
            service.subscribe(c, "room");
        }

        registry.close(carol, CloseCodes.HEARTBEAT_TIMEOUT, false);

        assertThat(service.presence("room").toCompletableFuture().join()).containsExactly("alice", "bob");
    }

    @Test
    void presenceEventsJoinRightAfterTheAcknowledgementAndLeaveFromTheSendPoolOnce() throws Exception {
        start(Map.of("presence.events", "true"));
        ScriptedTransport watcherTransport = new ScriptedTransport();
        Connection watcher = open("alice", watcherTransport);
        Connection leaver = open("bob", new ScriptedTransport());
        service.subscribe(watcher, "room", null, null, ack(watcher, new ArrayList<>()));
        service.subscribe(leaver, "room", null, null, ack(leaver, new ArrayList<>()));
        assertThat(summary(written(watcherTransport))).containsExactly(ACK, "join:alice", "join:bob");

        registry.transportClosed(leaver, CloseCodes.ABNORMAL_CLOSURE.code());
        registry.close(leaver, CloseCodes.HEARTBEAT_TIMEOUT, false);

        assertThat(watcher.queuedMessages()).as("nothing fanned out on the closing thread").isZero();
        assertThat(sendPool.pending()).as("the presence clean-up, handed to the send pool").isEqualTo(1);
        assertThat(summary(written(watcherTransport)))
                .containsExactly(ACK, "join:alice", "join:bob", "leave:bob");
    }

    @Test
    void aStoppedSendPoolStillGetsTheLeaveOutOnce() throws Exception {
        start(Map.of("presence.events", "true"), SendPool.of(task -> {
            throw new RejectedExecutionException("stopped");
        }));
        ScriptedTransport watcherTransport = new ScriptedTransport();
        Connection watcher = open("alice", watcherTransport);
        Connection leaver = open("bob", new ScriptedTransport());
        service.subscribe(watcher, "room");
        service.subscribe(leaver, "room");

        registry.close(leaver, CloseCodes.HEARTBEAT_TIMEOUT, false);
        registry.transportClosed(leaver, CloseCodes.ABNORMAL_CLOSURE.code());

        assertThat(summary(written(watcherTransport))).containsExactly("join:alice", "join:bob", "leave:bob");
    }
}
