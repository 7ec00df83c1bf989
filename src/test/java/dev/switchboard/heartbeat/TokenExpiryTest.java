package dev.switchboard.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.HubConfig;
import dev.switchboard.metrics.MicrometerHubMetrics;
import dev.switchboard.outbox.ScriptedTransport;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.registry.Identity;
import dev.switchboard.registry.OpenRequest;
import dev.switchboard.registry.RecordingEvent;
import dev.switchboard.registry.SendPool;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.testing.FakeClock;
import dev.switchboard.testing.FakeWallClock;
import dev.switchboard.testing.ManualScheduler;

/**
 * Token expiry found by the heartbeat sweep, on a wall clock the test moves: a connection is closed with 4501 once
 * its token's {@code exp} plus the skew has passed, not a millisecond before; a refresh moves that moment.
 */
class TokenExpiryTest {

    private static final Instant EXP = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeClock clock = new FakeClock();
    private final FakeWallClock wall = new FakeWallClock(EXP.minusSeconds(60));
    private final ExecutorService sendThread = Executors.newSingleThreadExecutor(
            new NamedThreadFactory("expiry-test-send", true));

    @AfterEach
    void stopTheSendThread() throws InterruptedException {
        sendThread.shutdownNow();
        assertThat(sendThread.awaitTermination(5, TimeUnit.SECONDS)).as("the send thread stops").isTrue();
    }

    private final class Hub {
        final ConnectionRegistry registry;
        final HeartbeatScheduler heartbeat;

        Hub(int skewSeconds) {
            HubConfig config = ConfigLoader.fromMap(Map.of("auth.mode", "jwt",
                    "auth.jwt.secret", "0123456789abcdef0123456789abcdef",
                    "auth.jwt.clock.skew.seconds", Integer.toString(skewSeconds)));
            MicrometerHubMetrics metrics = new MicrometerHubMetrics(new SimpleMeterRegistry());
            registry = new ConnectionRegistry(config, metrics, clock, new RecordingEvent<>(),
                    SendPool.of(sendThread));
            heartbeat = new HeartbeatScheduler(config, registry, metrics, clock, wall, new RecordingEvent<>(),
                    Optional.of(new ManualScheduler()));
        }

        Connection open(ScriptedTransport transport, Identity identity) {
            return registry.open(new OpenRequest(identity.user(), "127.0.0.1", null, transport, identity))
                    .orElseThrow();
        }

        void sweepAt(Instant now) {
            wall.set(now);
            heartbeat.sweep(clock.nanoTime());
        }
    }

    private static Identity token(String user, Instant exp) {
        return new Identity(user, true, Map.of("sub", user), exp, "j-" + user);
    }

    private static void awaitClosedWith4501(ScriptedTransport transport) {
        await("the close reaches the transport").atMost(WAIT)
                .until(() -> transport.events().contains("close:4501"));
    }

    @Test
    void withSkewZeroTheConnectionClosesAtExactlyExp() {
        Hub hub = new Hub(0);
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = hub.open(transport, token("alice", EXP));
        assertThat(c.identity().user()).isEqualTo("alice");
        assertThat(c.expiresAtMillis()).isEqualTo(EXP.toEpochMilli());

        hub.sweepAt(EXP.minusMillis(1));
        assertThat(c.isClosed()).as("open a millisecond before exp").isFalse();
        hub.sweepAt(EXP);
        assertThat(c.isClosed()).as("closed at exp").isTrue();
        awaitClosedWith4501(transport);
    }

    @Test
    void theSkewDelaysTheCloseByItsSeconds() {
        Hub hub = new Hub(30);
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = hub.open(transport, token("alice", EXP));
        hub.sweepAt(EXP.plusSeconds(30).minusMillis(1));
        assertThat(c.isClosed()).isFalse();
        hub.sweepAt(EXP.plusSeconds(30));
        assertThat(c.isClosed()).isTrue();
        awaitClosedWith4501(transport);
    }

    @Test
    void aRefreshForTheSameUserMovesTheCloseAnotherUsersChangesNothing() {
        Hub hub = new Hub(0);
        ScriptedTransport transport = new ScriptedTransport();
        Connection c = hub.open(transport, token("alice", EXP));

        assertThat(c.refresh(token("mallory", EXP.plusSeconds(3600)))).as("another user's token").isFalse();
        assertThat(c.refresh(Identity.anonymous())).as("no identity").isFalse();
        assertThat(c.expiresAtMillis()).isEqualTo(EXP.toEpochMilli());
        assertThat(c.identity().user()).isEqualTo("alice");

        assertThat(c.refresh(token("alice", EXP.plusSeconds(60)))).isTrue();
        hub.sweepAt(EXP.plusSeconds(59));
        assertThat(c.isClosed()).as("kept open past the first exp").isFalse();
        hub.sweepAt(EXP.plusSeconds(60));
        assertThat(c.isClosed()).as("closed at the refreshed exp").isTrue();
        awaitClosedWith4501(transport);
    }

    @Test
    void connectionsWithoutExpiryAreNeverClosedForIt() {
        Hub hub = new Hub(0);
        Connection anonymous = hub.registry.open(new OpenRequest(null, "127.0.0.1", null, new ScriptedTransport()))
                .orElseThrow();
        Connection named = hub.open(new ScriptedTransport(), Identity.named("svc"));
        hub.sweepAt(Instant.parse("2999-01-01T00:00:00Z"));
        assertThat(anonymous.isClosed()).isFalse();
        assertThat(named.isClosed()).isFalse();
        assertThat(anonymous.identity().authenticated()).isFalse();
        assertThat(anonymous.expiresAtMillis()).isEqualTo(Long.MAX_VALUE);
    }
}
