package dev.switchboard.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.metrics.MicrometerHubMetrics;
import dev.switchboard.outbox.EnqueueResult;
import dev.switchboard.outbox.ScriptedTransport;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.testing.FakeClock;
import dev.switchboard.testing.ManualExecutor;

/**
 * The registry's close path with fakes (a manual send pool, a scripted transport, a recording CDI event): every exit
 * ends unindexed, in the documented order, with the observers told exactly once.
 */
class ConnectionRegistryTest {

    private static final String ADDRESS = "192.0.2.7";

    private final ManualExecutor sendPool = new ManualExecutor();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordingEvent<ConnectionClosed> closedEvent = new RecordingEvent<>();
    private final ConnectionRegistry registry = new ConnectionRegistry(
            ConfigLoader.fromMap(Map.of("outbox.max.messages", "2")), new MicrometerHubMetrics(meters),
            new FakeClock(), closedEvent, SendPool.of(sendPool));

    private Connection open(String user, ScriptedTransport transport) {
        return registry.open(new OpenRequest(user, ADDRESS, null, transport)).orElseThrow();
    }

    @Test
    void closeRunsInTheDocumentedOrderAndTellsObserversOnceLast() {
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = open("alice", transport);
        registry.subscribe(c, "room");
        List<String> seenAtEvent = new ArrayList<>();
        closedEvent.observe(closed -> seenAtEvent.addAll(List.of(
                "closed=" + closed.connection().isClosed(),
                "indexed=" + (registry.byId(c.id()).isPresent() || !registry.byUser("alice").isEmpty()
                        || registry.subscribers("room").contains(c) || registry.countForAddress(ADDRESS) > 0),
                "sealed=" + c.outbox().isSealed(),
                "transport=" + transport.events())));

        registry.close(c, CloseCodes.HEARTBEAT_TIMEOUT, false);

        assertThat(seenAtEvent).as("the state observers see: marked, unindexed, sealed; the transport close handed off")
                .containsExactly("closed=true", "indexed=false", "sealed=true", "transport=[]");
        assertThat(closedEvent.fired()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(4008);
            assertThat(e.channels()).containsExactly("room");
        });
        assertThat(sendPool.runAll()).as("the transport close, on the send pool").isEqualTo(1);
        assertThat(transport.events()).containsExactly("close:4008");
    }

    @Test
    void closeIsIdempotentWhateverPathComesSecond() {
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = open("alice", transport);

        registry.close(c, CloseCodes.SLOW_CONSUMER, false);
        registry.close(c, CloseCodes.INTERNAL_ERROR, false);
        registry.transportClosed(c, CloseCodes.ABNORMAL_CLOSURE.code());
        registry.closeLater(c, CloseCodes.GOING_AWAY);
        sendPool.runAll();

        assertThat(closedEvent.fired()).extracting(ConnectionClosed::code).containsExactly(4009);
        assertThat(transport.events()).containsExactly("close:4009");
        assertThat(meters.counter("switchboard.connections.closed", "code", "4009").count()).isEqualTo(1.0);
        assertThat(meters.find("switchboard.connections.closed").counters()).hasSize(1);
    }

    @Test
    void clientCloseEndsUnindexedWithThePeersCode() {
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = open("alice", transport);
        registry.subscribe(c, "room");

        registry.transportClosed(c, CloseCodes.NORMAL.code());

        assertUnindexed(c, "alice", "room");
        assertThat(closedEvent.fired()).extracting(ConnectionClosed::code).containsExactly(1000);
        assertThat(c.send(OutboundFrame.of("late"))).as("sealed").isEqualTo(EnqueueResult.CLOSED);
        sendPool.runAll();
        assertThat(transport.events()).as("the transport is gone already: nothing to close").isEmpty();
    }

    @Test
    void transportErrorEndsUnindexedAs1006() {
        Connection c = open("alice", new ScriptedTransport());
        registry.subscribe(c, "room");

        registry.transportClosed(c, CloseCodes.ABNORMAL_CLOSURE.code());

        assertUnindexed(c, "alice", "room");
        assertThat(closedEvent.fired()).extracting(ConnectionClosed::code).containsExactly(1006);
    }

    @Test
    void overflowEndsUnindexedWith4009HandedToTheSendPool() {
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = open("alice", transport);
        registry.subscribe(c, "room");
        OutboundFrame frame = OutboundFrame.of("m");

        EnqueueResult result = EnqueueResult.ACCEPTED;
        for (int i = 0; i < 10 && result == EnqueueResult.ACCEPTED; i++) {
            result = c.send(frame);
        }
        assertThat(result).isEqualTo(EnqueueResult.OVERFLOW);
        registry.closeLater(c, CloseCodes.SLOW_CONSUMER);
        assertThat(closedEvent.fired()).as("nothing closes on the broadcasting thread").isEmpty();
        assertThat(registry.count()).isEqualTo(1);

        sendPool.runAll();

        assertUnindexed(c, "alice", "room");
        assertThat(closedEvent.fired()).extracting(ConnectionClosed::code).containsExactly(4009);
        assertThat(transport.events()).contains("close:4009");
    }

    @Test
    void shutdownEndsEveryConnectionUnindexedWith1001() {
        ScriptedTransport first = new ScriptedTransport();
        Connection a = open("alice", first);
        Connection b = open("bob", new ScriptedTransport());
        registry.subscribe(a, "room");
        registry.subscribe(b, "room");

        CompletableFuture<Integer> undrained = new CompletableFuture<>();
        Thread shutdown = new Thread(() -> undrained.complete(registry.drainAll(CloseCodes.GOING_AWAY,
                Duration.ofMinutes(1))), "test-shutdown");
        shutdown.setDaemon(true);
        shutdown.start();
        await("both connections closed by drainAll").atMost(Duration.ofSeconds(5))
                .until(() -> closedEvent.fired().size() == 2);
        sendPool.runAll(); // the transport closes drainAll waits for

        assertThat(undrained).as("drainAll returns once every outbox drained")
                .succeedsWithin(Duration.ofSeconds(5)).isEqualTo(0);
        assertUnindexed(a, "alice", "room");
        assertUnindexed(b, "bob", "room");
        assertThat(registry.isDraining()).isTrue();
        assertThat(registry.open(new OpenRequest(null, ADDRESS, null, new ScriptedTransport()))).isEmpty();
        assertThat(closedEvent.fired()).extracting(ConnectionClosed::code).containsExactly(1001, 1001);
        assertThat(first.events()).containsExactly("close:1001");
    }

    @Test
    void stoppingTheRegistryForgetsWhatIsLeftAs1001() {
        Connection c = open("alice", new ScriptedTransport());
        registry.subscribe(c, "room");

        registry.stop();

        assertUnindexed(c, "alice", "room");
        assertThat(closedEvent.fired()).extracting(ConnectionClosed::code).containsExactly(1001);
    }

    @Test
    void aSubscriptionRacingTheCloseIsNeverLeftInTheIndex() {
        Connection c = open("alice", new ScriptedTransport());
        registry.close(c, CloseCodes.HEARTBEAT_TIMEOUT, false);

        assertThat(registry.subscribe(c, "room")).isFalse();
        assertThat(registry.subscribers("room")).isEmpty();
        assertThat(registry.channelCount()).isZero();
    }

    @Test
    void aFailingObserverDoesNotStopTheClose() {
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = open("alice", transport);
        closedEvent.observe(closed -> {
            throw new IllegalStateException("observer failed");
        });

        registry.close(c, CloseCodes.HEARTBEAT_TIMEOUT, false);
        sendPool.runAll();

        assertUnindexed(c, "alice", "room");
        assertThat(transport.events()).containsExactly("close:4008");
    }

    private void assertUnindexed(Connection c, String user, String channel) {
        assertThat(c.isClosed()).isTrue();
        assertThat(registry.byId(c.id())).isEmpty();
        assertThat(registry.byUser(user)).isEmpty();
        assertThat(registry.all()).doesNotContain(c);
        assertThat(registry.subscribers(channel)).doesNotContain(c);
        assertThat(c.channels()).isEmpty();
        assertThat(registry.countForAddress(ADDRESS)).as("per-address count of %s", c).isZero();
        assertThat(c.outbox().isSealed()).isTrue();
    }
}
