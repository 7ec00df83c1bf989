package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.HubConfig;
import dev.switchboard.heartbeat.Tick;
import dev.switchboard.metrics.MicrometerHubMetrics;
import dev.switchboard.outbox.ScriptedTransport;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionClosed;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.registry.OpenRequest;
import dev.switchboard.registry.RecordingEvent;
import dev.switchboard.registry.SendPool;
import dev.switchboard.testing.FakeClock;
import dev.switchboard.testing.ManualExecutor;

class MessageRateLimiterTest {

    private final FakeClock clock = new FakeClock();
    private final RecordingEvent<ConnectionClosed> closed = new RecordingEvent<>();
    private final HubConfig config = ConfigLoader.fromMap(Map.of("rate.messages.per.second", "10",
            "rate.messages.burst", "20", "max.connections.per.ip", "100000"));
    private final ConnectionRegistry registry = new ConnectionRegistry(config,
            new MicrometerHubMetrics(new SimpleMeterRegistry()), clock, closed, SendPool.of(new ManualExecutor()));
    private final MessageRateLimiter limiter = new MessageRateLimiter(config, clock);

    MessageRateLimiterTest() {
        closed.observe(limiter::forget);
    }

    private Connection open() {
        ScriptedTransport transport = new ScriptedTransport();
        transport.completeInline();
        return registry.open(new OpenRequest(null, "127.0.0.1", null, transport)).orElseThrow();
    }

    @Test
    void connectionsThatNeverSendHoldNoState() {
        List<Connection> idle = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            idle.add(open());
        }
        Connection talker = open();
        assertThat(limiter.admit(talker, 10).accepted()).isTrue();
        assertThat(limiter.tracked()).isEqualTo(1);
        assertThat(idle).hasSize(10_000);
    }

    @Test
    void aConnectionsStateGoesWhenItCloses() {
        Connection c = open();
        limiter.admit(c, 10);
        registry.close(c, CloseCodes.GOING_AWAY, false);
        assertThat(limiter.tracked()).isZero();
        limiter.admit(c, 10);
        assertThat(limiter.tracked()).as("a message racing the close leaves nothing behind").isZero();
    }

    @Test
    void theSweepDropsRestedStateOnlyAndTheLimitsHoldAcrossIt() {
        Connection rested = open();
        Connection busy = open();
        limiter.admit(rested, 10);
        clock.advance(MessageRateLimiter.SWEEP_EVERY);
        for (int i = 0; i < 20; i++) {
            limiter.admit(busy, 10);
        }
        limiter.sweep(new Tick(clock.nanoTime()));

        assertThat(limiter.tracked()).as("only the drained connection keeps its state").isEqualTo(1);
        RateVerdict refused = limiter.admit(busy, 10);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.kind()).isEqualTo("message");
    }

    @Test
    void theSweepRunsAtMostEveryTenSeconds() {
        Connection c = open();
        limiter.admit(c, 10);
        clock.advance(Duration.ofSeconds(5));
        limiter.sweep(new Tick(clock.nanoTime()));
        assertThat(limiter.tracked()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        limiter.sweep(new Tick(clock.nanoTime()));
        assertThat(limiter.tracked()).isZero();
    }
}
