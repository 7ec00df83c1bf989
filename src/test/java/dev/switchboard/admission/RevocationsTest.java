package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.heartbeat.Tick;
import dev.switchboard.metrics.MicrometerHubMetrics;
import dev.switchboard.outbox.ScriptedTransport;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.registry.OpenRequest;
import dev.switchboard.registry.RecordingEvent;
import dev.switchboard.registry.SendPool;
import dev.switchboard.testing.FakeClock;
import dev.switchboard.testing.ManualExecutor;

/** Revocations with fakes: matching sessions are closed with 4501, entries expire by themselves and can be lifted. */
class RevocationsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private final ManualExecutor sendPool = new ManualExecutor();
    private final ConnectionRegistry registry = new ConnectionRegistry(ConfigLoader.fromMap(Map.of()),
            new MicrometerHubMetrics(new SimpleMeterRegistry()), new FakeClock(), new RecordingEvent<>(),
            SendPool.of(sendPool));
    private final MemoryRevocationStore store = new MemoryRevocationStore();

    private Connection open(String user, ScriptedTransport transport) {
        transport.completeInline();
        return registry.open(new OpenRequest(user, "127.0.0.1", null, transport)).orElseThrow();
    }

    private Revocations at(Instant now) {
        return new Revocations(store, registry, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void revokingAUserClosesEachOfItsSessionsWith4501AndNoOtherOnes() {
        ScriptedTransport alice1 = new ScriptedTransport();
        ScriptedTransport alice2 = new ScriptedTransport();
        ScriptedTransport bob = new ScriptedTransport();
        open("alice", alice1);
        open("alice", alice2);
        open("bob", bob);

        at(NOW).revoke(Revocation.Kind.SUB, "alice", Duration.ofHours(1));
        sendPool.runAll();

        assertThat(alice1.events()).containsExactly("close:4501");
        assertThat(alice2.events()).containsExactly("close:4501");
        assertThat(bob.events()).isEmpty();
        assertThat(registry.count()).isEqualTo(1);
    }

    @Test
    void aSessionOpenedAfterTheRevocationGoesAtTheNextTick() {
        Revocations revocations = at(NOW);
        revocations.revoke(Revocation.Kind.SUB, "alice", Duration.ofHours(1));
        ScriptedTransport late = new ScriptedTransport();
        open("alice", late);

        revocations.onTick(new Tick(0));
        sendPool.runAll();

        assertThat(late.events()).containsExactly("close:4501");
    }

    @Test
    void anonymousSessionsAreNeverMatched() {
        ScriptedTransport anonymous = new ScriptedTransport();
        Connection c = open(null, anonymous);

        at(NOW).revoke(Revocation.Kind.SUB, c.user(), Duration.ofHours(1));
        sendPool.runAll();

        assertThat(anonymous.events()).isEmpty();
    }

    @Test
    void entriesExpireByThemselvesAndCanBeLifted() {
        at(NOW).revoke(Revocation.Kind.SUB, "alice", Duration.ofSeconds(60));
        at(NOW).revoke(Revocation.Kind.JTI, "token-7", Duration.ofSeconds(600));

        assertThat(at(NOW.plusSeconds(59)).isRevoked("alice", null)).isTrue();
        assertThat(at(NOW.plusSeconds(60)).isRevoked("alice", null)).as("expired at its time").isFalse();
        assertThat(at(NOW.plusSeconds(60)).isRevoked("carol", "token-7")).as("a token, whoever holds it").isTrue();
        assertThat(at(NOW.plusSeconds(60)).live()).extracting(Revocation::value).containsExactly("token-7");
        assertThat(at(NOW).lift("token-7")).isTrue();
        assertThat(at(NOW).lift("token-7")).as("gone").isFalse();
        assertThat(at(NOW).isRevoked(null, "token-7")).isFalse();
    }

    @Test
    void aSharedStoresCopyReplacesTheEntriesAndSaysWhenOneIsNew() {
        Revocation alice = new Revocation(Revocation.Kind.SUB, "alice", NOW.plusSeconds(60));
        Revocation token = new Revocation(Revocation.Kind.JTI, "token-7", NOW.plusSeconds(60));
        store.revoke(alice);

        assertThat(store.replaceWith(List.of(alice))).as("nothing new").isFalse();
        assertThat(store.replaceWith(List.of(alice, token))).as("token-7 is new").isTrue();
        assertThat(store.isRevoked("carol", "token-7", NOW)).isTrue();
        assertThat(store.replaceWith(List.of(token))).as("a lift elsewhere is no news").isFalse();
        assertThat(store.isRevoked("alice", null, NOW)).as("lifted on another node").isFalse();
        assertThat(store.live(NOW)).containsExactly(token);
    }
}
