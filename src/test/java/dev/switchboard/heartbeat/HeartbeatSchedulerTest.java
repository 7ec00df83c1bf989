package dev.switchboard.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.HubConfig;
import dev.switchboard.metrics.MicrometerHubMetrics;
import dev.switchboard.outbox.Transport;
import dev.switchboard.outbox.WriteCallback;
import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionClosed;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.registry.OpenRequest;
import dev.switchboard.registry.SendPool;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.testing.FakeClock;
import dev.switchboard.testing.ManualScheduler;

/**
 * The heartbeat against a real registry, a fake clock and a scheduler the test ticks by hand: pings go out each
 * heartbeat interval, a silent connection is closed with 4008 at the idle timeout, a stalled write with 4009.
 */
class HeartbeatSchedulerTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration MILLI = Duration.ofMillis(1);
    /** Bounds the waits for the registry's send pool, which writes to the transport. */
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final HubConfig config = ConfigLoader.fromMap(Map.of(
            "heartbeat.seconds", Long.toString(HEARTBEAT.toSeconds()),
            "idle.timeout.seconds", Long.toString(IDLE_TIMEOUT.toSeconds()),
            "send.timeout.seconds", Long.toString(SEND_TIMEOUT.toSeconds())));
    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MicrometerHubMetrics metrics = new MicrometerHubMetrics(meters);
    /** Writes to the transports, as the registry's send pool does in the hub; stopped after each test. */
    private final ExecutorService sendThread = Executors.newSingleThreadExecutor(
            new NamedThreadFactory("heartbeat-test-send", true));
    private final ConnectionRegistry registry = new ConnectionRegistry(config, metrics, clock, new NoEvent<>(),
            SendPool.of(sendThread));
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<Tick> ticks = new CopyOnWriteArrayList<>();
    private final HeartbeatScheduler heartbeat = new HeartbeatScheduler(config, registry, metrics, clock,
            new RecordingEvent<>(ticks), Optional.of(scheduler));

    @AfterEach
    void stopTheSendThread() throws InterruptedException {
        sendThread.shutdownNow();
        assertThat(sendThread.awaitTermination(5, TimeUnit.SECONDS)).as("the send thread stops").isTrue();
    }

    @Test
    void startSchedulesOneSweepAQuarterOfTheHeartbeatApartOnTheLentScheduler() {
        heartbeat.start();
        heartbeat.start();

        assertThat(scheduler.tasks()).as("one schedule, however often start() is called").hasSize(1);
        assertThat(scheduler.tasks().get(0).delayMillis()).isEqualTo(HEARTBEAT.dividedBy(4).toMillis());
        scheduler.elapse();
        assertThat(ticks).as("each sweep fires a tick at the clock's time").containsExactly(new Tick(clock.nanoTime()));
    }

    @Test
    void pingsAreSentEachHeartbeatIntervalAfterTheConnectionOpened() {
        FakeTransport transport = new FakeTransport();
        open(transport);
        heartbeat.start();

        clock.advance(HEARTBEAT.minus(MILLI));
        scheduler.elapse();
        assertThat(transport.pings.get()).as("no ping before the interval").isZero();

        clock.advance(MILLI);
        scheduler.elapse();
        await("the first ping is written").atMost(WAIT).until(transport.pings::get, n -> n == 1);

        clock.advance(HEARTBEAT.minus(MILLI));
        scheduler.elapse();
        clock.advance(MILLI);
        scheduler.elapse();
        await("the second ping, one interval after the first").atMost(WAIT).until(transport.pings::get, n -> n == 2);
        assertThat(transport.closes).as("a connection that is heard from stays open").isEmpty();
    }

    @Test
    void aSilentConnectionIsClosedWith4008AtTheIdleTimeout() {
        FakeTransport silent = new FakeTransport();
        FakeTransport talking = new FakeTransport();
        open(silent);
        Connection live = open(talking);
        heartbeat.start();

        clock.advance(IDLE_TIMEOUT.minus(MILLI));
        live.touch(clock.nanoTime());
        scheduler.elapse();
        assertThat(registry.count()).as("both open just before the idle timeout").isEqualTo(2);

        clock.advance(MILLI);
        scheduler.elapse();
        await("the silent connection is closed").atMost(WAIT).until(() -> !silent.closes.isEmpty());
        assertThat(silent.closes).containsExactly(CloseCodes.HEARTBEAT_TIMEOUT);
        assertThat(registry.count()).as("only the one heard from is left").isEqualTo(1);
        assertThat(talking.closes).isEmpty();
        assertThat(meters.counter("switchboard.heartbeat.timeouts").count()).isEqualTo(1);
    }

    @Test
    void aWriteStalledForTheSendTimeoutIsClosedWith4009() {
        FakeTransport stalled = new FakeTransport();
        stalled.stallTexts();
        Connection connection = open(stalled);
        heartbeat.start();
        connection.send("{\"type\":\"message\"}");
        await("the write is in flight").atMost(WAIT).until(stalled.texts::get, n -> n == 1);

        clock.advance(SEND_TIMEOUT);
        connection.touch(clock.nanoTime());
        scheduler.elapse();
        assertThat(registry.count()).as("a write just at the send timeout is not yet stalled").isEqualTo(1);

        clock.advance(MILLI);
        connection.touch(clock.nanoTime());
        scheduler.elapse();
        await("the stalled connection is closed").atMost(WAIT).until(() -> !stalled.closes.isEmpty());
        assertThat(stalled.closes).containsExactly(CloseCodes.SLOW_CONSUMER);
        assertThat(registry.count()).isZero();
        assertThat(meters.counter("switchboard.heartbeat.timeouts").count()).as("not a heartbeat timeout").isZero();
    }

    private Connection open(Transport transport) {
        return registry.open(new OpenRequest(null, "127.0.0.1", null, transport)).orElseThrow();
    }

    /** A transport that completes writes at once (or never, once stalled) and records pings and closes. */
    private static final class FakeTransport implements Transport {
        final AtomicInteger pings = new AtomicInteger();
        final AtomicInteger texts = new AtomicInteger();
        final List<CloseCode> closes = new CopyOnWriteArrayList<>();
        private volatile boolean stallTexts;

        void stallTexts() {
            stallTexts = true;
        }

        @Override
        public void sendTexts(List<OutboundFrame> frames, WriteCallback callback) {
            texts.addAndGet(frames.size());
            if (!stallTexts) {
                callback.completed();
            }
        }

        @Override
        public void sendPing(WriteCallback callback) {
            pings.incrementAndGet();
            callback.completed();
        }

        @Override
        public void close(CloseCode code) {
            closes.add(code);
        }
    }

    /** A CDI event that records what is fired. */
    private static class RecordingEvent<T> implements Event<T> {
        private final List<T> fired;

        RecordingEvent(List<T> fired) {
            this.fired = fired;
        }

        @Override
        public void fire(T event) {
            fired.add(event);
        }

        @Override
        public <U extends T> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<T> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }

    /** The registry's close notifications, which this test does not observe. */
    private static final class NoEvent<T> extends RecordingEvent<T> {
        NoEvent() {
            super(new CopyOnWriteArrayList<>());
        }
    }
}
