package dev.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.HubConfig;
import dev.switchboard.metrics.MicrometerHubMetrics;
import dev.switchboard.outbox.ScriptedTransport;
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
 * Paced recovery replays, with fakes: a replay many times longer than the outbox arrives whole, in order and exactly
 * once, live messages published meanwhile follow it, and a replay that cannot be finished, or whose connection goes
 * away, leaves no work behind. The outbox here holds 16 frames, so one replay batch is 4.
 */
class ReplayTest {

    private static final String ACK = "ack";
    private static final int OUTBOX_FRAMES = 16;

    private final ManualExecutor sendPool = new ManualExecutor();
    private final FakeClock clock = new FakeClock();
    private final JsonCodec codec = new JsonCodec();
    private final ObjectMapper json = new ObjectMapper();
    private final RecordingEvent<ConnectionClosed> closedEvent = new RecordingEvent<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ConnectionRegistry registry;
    private ChannelService service;

    private void start(int historySize) {
        HubConfig config = ConfigLoader.fromMap(Map.of("outbox.max.messages", Integer.toString(OUTBOX_FRAMES),
                "history.size", Integer.toString(historySize)));
        MicrometerHubMetrics metrics = new MicrometerHubMetrics(meters);
        registry = new ConnectionRegistry(config, metrics, clock, closedEvent, SendPool.of(sendPool));
        service = new ChannelService(config, registry, new MemoryHistoryStore(codec, historySize,
                config.history().ttl(), clock, () -> 0L), new MemoryBroker(), codec, metrics, SendPool.of(sendPool));
        closedEvent.observe(service::onClosed);
    }

    /** A peer whose writes complete only when the test says so: it reads one frame per {@link #read} call. */
    private Connection open(ScriptedTransport transport) {
        return registry.open(new OpenRequest("alice", "127.0.0.1", null, transport)).orElseThrow();
    }

    private void publish(String channel, int count) {
        for (int n = 0; n < count; n++) {
            service.publish(channel, "{}", Hub.SERVER, null);
        }
    }

    /** The peer reads {@code frames} frames (or fewer, if fewer were written), running the send pool in between. */
    private void read(ScriptedTransport transport, int frames) {
        sendPool.runAll();
        for (int i = 0; i < frames && transport.pendingWrites() > 0; i++) {
            transport.completeNext();
            sendPool.runAll();
        }
    }

    private void readAll(ScriptedTransport transport) {
        read(transport, Integer.MAX_VALUE);
    }

    private String epoch(String channel) {
        return service.history(channel, 0, 1).toCompletableFuture().join().position().epoch();
    }

    private Connection subscribe(ScriptedTransport transport, String channel, long since) {
        Connection c = open(transport);
        List<SubscribeResult> results = new ArrayList<>();
        service.subscribe(c, channel, since, epoch(channel), result -> {
            results.add(result);
            c.send(OutboundFrame.of(ACK));
        });
        assertThat(results).hasSize(1);
        assertThat(results.get(0).recovered()).as("recovery possible").isTrue();
        return c;
    }

    /** @return the offsets of the {@code message} frames the peer was written, in order, for {@code channel} */
    private List<Long> offsets(ScriptedTransport transport, String channel) throws Exception {
        List<Long> out = new ArrayList<>();
        for (String event : transport.events()) {
            if (event.startsWith("text:") && !event.equals("text:" + ACK)) {
                JsonNode frame = json.readTree(event.substring(5));
                if (frame.path("channel").asText().equals(channel)) {
                    out.add(frame.path("offset").asLong());
                }
            }
        }
        return out;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private double activeReplays() {
        return meters.get("switchboard.replays.active").gauge().value();
    }

    @Test
    void aReplayFiftyTimesTheOutboxArrivesWholeInOrderWithoutEverFillingIt() throws Exception {
        start(1_000);
        publish("room", 800);
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = subscribe(transport, "room", 0);
        assertThat(activeReplays()).isEqualTo(1);

        int mostQueued = 0;
        while (transport.pendingWrites() > 0 || sendPool.pending() > 0) {
            read(transport, 1);
            mostQueued = Math.max(mostQueued, c.queuedMessages());
        }

        assertThat(offsets(transport, "room")).isEqualTo(range(1, 800));
        assertThat(transport.events()).as("never cut").noneMatch(e -> e.startsWith("close"));
        assertThat(mostQueued).as("at most about one batch queued at a time").isLessThanOrEqualTo(OUTBOX_FRAMES / 2);
        assertThat(activeReplays()).as("caught up").isZero();
        assertThat(service.replaysInProgress()).isZero();
    }

    @Test
    void liveMessagesPublishedDuringTheReplayFollowItWithNoGapAndNoDuplicate() throws Exception {
        start(1_000);
        publish("room", 100);
        ScriptedTransport transport = new ScriptedTransport();
        subscribe(transport, "room", 10);

        read(transport, 20);
        publish("room", 50);
        read(transport, 30);
        publish("room", 50);
        readAll(transport);
        publish("room", 5);
        readAll(transport);

        assertThat(offsets(transport, "room")).isEqualTo(range(11, 205));
    }

    @Test
    void whenHistoryDropsWhatThePeerHasNotReadTheReplayEndsWith4010() throws Exception {
        start(50);
        publish("room", 50);
        ScriptedTransport transport = new ScriptedTransport();
        subscribe(transport, "room", 0);

        read(transport, 5);
        publish("room", 100); // offsets 1..100 leave the 50-message history before the peer reads them
        readAll(transport);

        List<Long> got = offsets(transport, "room");
        assertThat(got).as("what arrived is a gap-free prefix").isEqualTo(range(1, got.size()));
        assertThat(transport.events()).last().isEqualTo("close:4010");
        assertThat(activeReplays()).isZero();
    }

    @Test
    void aPeerThatStopsReadingHoldsOneBatchAndItsClosedReplayLeavesNothingScheduled() throws Exception {
        start(1_000);
        publish("room", 500);
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = subscribe(transport, "room", 0);

        read(transport, 3);
        publish("room", 200); // the peer is catching up: these wait in history, not in its outbox
        sendPool.runAll();
        assertThat(c.queuedMessages()).as("the outbox holds about a batch, not the backlog")
                .isLessThanOrEqualTo(OUTBOX_FRAMES / 2);

        registry.close(c, CloseCodes.SLOW_CONSUMER, false);
        sendPool.runAll();

        assertThat(transport.events()).last().isEqualTo("close:4009");
        assertThat(activeReplays()).isZero();
        assertThat(service.replaysInProgress()).isZero();
        transport.completeNext();
        assertThat(sendPool.runAll()).as("no batch is pulled for a closed connection").isLessThanOrEqualTo(1);
        assertThat(sendPool.pending()).isZero();
    }

    @Test
    void unsubscribingEndsTheReplay() throws Exception {
        start(1_000);
        publish("room", 300);
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = subscribe(transport, "room", 0);

        read(transport, 10);
        assertThat(service.unsubscribe(c, "room")).isTrue();
        readAll(transport);

        List<Long> got = offsets(transport, "room");
        assertThat(got).isEqualTo(range(1, got.size()));
        assertThat(got.size()).as("the replay stopped").isLessThan(30);
        assertThat(activeReplays()).isZero();
    }

    @Test
    void twoChannelsReplayToOneConnectionAtOnce() throws Exception {
        start(1_000);
        publish("a", 200);
        publish("b", 300);
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = subscribe(transport, "a", 0);
        List<SubscribeResult> results = new ArrayList<>();
        service.subscribe(c, "b", 0L, epoch("b"), results::add);

        readAll(transport);

        assertThat(offsets(transport, "a")).isEqualTo(range(1, 200));
        assertThat(offsets(transport, "b")).isEqualTo(range(1, 300));
        assertThat(activeReplays()).isZero();
    }
}
