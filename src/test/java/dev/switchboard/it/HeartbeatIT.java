package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.RawWsClient;
import dev.switchboard.testing.ReceivedFrame;
import dev.switchboard.testing.TestHubs;
import dev.switchboard.testing.WsClient;

/**
 * Liveness as a peer sees it, with a fast heartbeat (pings every 0.5 s, idle after 2 s): a live client stays, a
 * silent one is closed with 4008, application pings count as activity, and the heartbeat thread lives and dies
 * with the hub.
 */
class HeartbeatIT {

    private static final Duration PAST_TWO_TIMEOUTS = Duration.ofMillis(4_500);

    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings("heartbeat.seconds", "0.5", "idle.timeout.seconds", "2");

    @Test
    void aClientThatAnswersPingsStaysOpen() {
        try (WsClient client = WsClient.connect(hub.port())) {
            client.next("welcome");
            await("a ping-answering client stays open").during(PAST_TWO_TIMEOUTS).atMost(Duration.ofSeconds(8))
                    .until(() -> !client.isClosed());
            assertThat(hub.bean(ConnectionRegistry.class).count()).as("open connections").isEqualTo(1);
            client.send(Frames.ping().id("still-there"));
            JsonNode pong = client.next("pong");
            assertThat(pong.path("id").asText()).isEqualTo("still-there");
        }
    }

    @Test
    void aClientThatNeverAnswersPingsIsClosedWith4008() {
        ConnectionRegistry registry = hub.bean(ConnectionRegistry.class);
        try (RawWsClient silent = RawWsClient.connect(hub.port())) {
            long lastActivity = System.nanoTime(); // the handshake is the last thing it ever sends
            List<Integer> opcodes = new ArrayList<>();
            Optional<RawWsClient.Frame> close = Optional.empty();
            while (close.isEmpty()) {
                RawWsClient.Frame frame = silent.read(Duration.ofSeconds(8))
                        .orElseThrow(() -> new AssertionError("stream ended without a close frame"));
                opcodes.add(frame.opcode());
                if (frame.opcode() == RawWsClient.CLOSE) {
                    close = Optional.of(frame);
                }
            }
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - lastActivity);
            assertThat(close.get().closeCode()).as("close code").isEqualTo(4008);
            assertThat(opcodes).as("it was pinged before being closed").contains(RawWsClient.PING);
            assertThat(closedAfter).as("closed after the idle timeout, not long after")
                    .isBetween(Duration.ofMillis(1_500), Duration.ofSeconds(5));
            await("the silent connection leaves the registry").atMost(Duration.ofSeconds(2))
                    .until(registry::count, n -> n == 0);
        }
    }

    @Test
    void applicationPingsKeepAClientThatIgnoresPingFramesOpen() throws Exception {
        try (RawWsClient client = RawWsClient.connect(hub.port())) {
            long start = System.nanoTime();
            int pingFrames = 0;
            int pongs = 0;
            int sent = 0;
            long nextSend = start;
            while (System.nanoTime() - start < PAST_TWO_TIMEOUTS.toNanos()) {
                if (System.nanoTime() >= nextSend) {
                    client.sendText(Frames.ping());
                    sent++;
                    nextSend += Duration.ofMillis(500).toNanos();
                }
                // Pacing, not synchronization: the read returns as soon as a frame arrives.
                Optional<RawWsClient.Frame> frame = readOrNothing(client, nextSend);
                if (frame.isEmpty()) {
                    continue;
                }
                RawWsClient.Frame f = frame.get();
                assertThat(f.opcode()).as("no close while pinging at the application level: %s", f.text())
                        .isNotEqualTo(RawWsClient.CLOSE);
                if (f.opcode() == RawWsClient.PING) {
                    pingFrames++;
                } else if (f.opcode() == RawWsClient.TEXT && "pong".equals(ReceivedFrame.parse(f.text()).type())) {
                    pongs++;
                }
            }
            assertThat(pingFrames).as("the hub pinged and got no answer").isGreaterThanOrEqualTo(3);
            assertThat(pongs).as("every application ping was answered").isGreaterThanOrEqualTo(sent - 1);
            assertThat(hub.bean(ConnectionRegistry.class).count()).as("still registered").isEqualTo(1);
        }
    }

    /** Reads one frame, waiting until {@code untilNanos} at most; empty if none came (the stream must not end). */
    private static Optional<RawWsClient.Frame> readOrNothing(RawWsClient client, long untilNanos) {
        long waitNanos = untilNanos - System.nanoTime();
        if (waitNanos <= Duration.ofMillis(1).toNanos()) {
            return Optional.empty();
        }
        try {
            Optional<RawWsClient.Frame> frame = client.read(Duration.ofNanos(waitNanos));
            assertThat(frame).as("the hub must not drop the connection").isPresent();
            return frame;
        } catch (AssertionError e) {
            if (e.getCause() instanceof java.net.SocketTimeoutException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Test
    void theHeartbeatThreadLivesAndDiesWithTheHub() {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        StandaloneHub own = TestHubs.start("heartbeat.seconds", "0.5", "idle.timeout.seconds", "2");
        List<Thread> heartbeats;
        try {
            heartbeats = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.getName().startsWith("switchboard-heartbeat"))
                    .toList();
            assertThat(heartbeats).as("a switchboard-heartbeat thread while the hub runs").hasSize(1);
            assertThat(heartbeats.get(0).isAlive()).isTrue();
        } finally {
            own.close();
        }
        await("the heartbeat thread ends after close()").atMost(Duration.ofSeconds(5))
                .until(() -> heartbeats.stream().noneMatch(Thread::isAlive));
    }
}
