package dev.switchboard.client;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;

/**
 * Dead-hub detection for the open connection: after {@code pingAfter} without anything received it sends an
 * application-level {@code ping}; if still nothing arrives within {@code pongTimeout}, the hub counts as dead and
 * {@code onDead} runs, without waiting for TCP. A frozen hub is so detected within {@code pingAfter + pongTimeout}
 * plus one check ({@link ClientSettings#livenessTick()}). Each time data stops arriving it also probes the
 * connection with up to {@link #PROBES} WebSocket pings, {@link #PROBE_QUIET} apart: the JDK loses an EOF
 * that arrives while the listener's read demand is zero, and then only a failing write reveals the cut. Event loop
 * only.
 */
final class Liveness {

    /** WebSocket pings after data stops; on a connection the peer closed, the JDK fails the third write. */
    static final int PROBES = 3;
    /** Quiet time before each probe. */
    static final Duration PROBE_QUIET = Duration.ofMillis(250);

    private final ClientSettings settings;
    private final EventLoop loop;
    private final LongSupplier nanoClock;
    private ScheduledFuture<?> ticker;
    private long lastHeard;
    private long pingSentAt;
    private boolean pingOutstanding;
    private Link watched;
    private ScheduledFuture<?> prober;
    private long quietSince;
    private int probes;

    Liveness(ClientSettings settings, EventLoop loop, LongSupplier nanoClock) {
        this.settings = settings;
        this.loop = loop;
        this.nanoClock = nanoClock;
    }

    /** Starts watching a connection that just opened. */
    void start(Link link, Runnable onDead, LongSupplier ids, ClientFrames frames) {
        stop();
        heard();
        watched = link;
        ticker = loop.every(() -> check(link, onDead, ids, frames), settings.livenessTick());
    }

    /** Something arrived from the hub. */
    void heard() {
        lastHeard = nanoClock.getAsLong();
        pingOutstanding = false;
    }

    /** Data arrived from the hub: heard, and probe the connection once data stops. */
    void received() {
        heard();
        quietSince = lastHeard;
        probes = PROBES;
        if (prober == null && watched != null) {
            prober = loop.schedule(this::probeIfQuiet, PROBE_QUIET);
        }
    }

    /** Stops watching. */
    void stop() {
        EventLoop.cancel(ticker);
        ticker = null;
        EventLoop.cancel(prober);
        prober = null;
        watched = null;
    }

    private void probeIfQuiet() {
        prober = null;
        if (watched == null || probes == 0) {
            return;
        }
        long quietFor = nanoClock.getAsLong() - quietSince;
        if (quietFor >= PROBE_QUIET.toNanos()) {
            probes--;
            watched.probe();
            quietFor = 0;
            quietSince = nanoClock.getAsLong();
        }
        prober = loop.schedule(this::probeIfQuiet, PROBE_QUIET.minusNanos(quietFor));
    }

    private void check(Link link, Runnable onDead, LongSupplier ids, ClientFrames frames) {
        long now = nanoClock.getAsLong();
        if (pingOutstanding && now - pingSentAt >= settings.pongTimeout().toNanos()) {
            stop();
            onDead.run();
        } else if (!pingOutstanding && now - lastHeard >= settings.pingAfter().toNanos()) {
            pingOutstanding = true;
            pingSentAt = now;
            link.send(frames.text(frames.ping(ids.getAsLong())));
        }
    }
}
