package dev.switchboard.client;

import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;

/**
 * Dead-hub detection for the open connection: after {@code pingAfter} without anything received it sends an
 * application-level {@code ping}; if still nothing arrives within {@code pongTimeout}, the hub counts as dead and
 * {@code onDead} runs, without waiting for TCP. A frozen hub is so detected within {@code pingAfter + pongTimeout}
 * plus one check ({@link ClientSettings#livenessTick()}). Event loop only.
 */
final class Liveness {

    private final ClientSettings settings;
    private final EventLoop loop;
    private final LongSupplier nanoClock;
    private ScheduledFuture<?> ticker;
    private long lastHeard;
    private long pingSentAt;
    private boolean pingOutstanding;

    Liveness(ClientSettings settings, EventLoop loop, LongSupplier nanoClock) {
        this.settings = settings;
        this.loop = loop;
        this.nanoClock = nanoClock;
    }

    /** Starts watching a connection that just opened. */
    void start(Link link, Runnable onDead, LongSupplier ids, ClientFrames frames) {
        stop();
        heard();
        ticker = loop.every(() -> check(link, onDead, ids, frames), settings.livenessTick());
    }

    /** Something arrived from the hub. */
    void heard() {
        lastHeard = nanoClock.getAsLong();
        pingOutstanding = false;
    }

    /** Stops watching. */
    void stop() {
        EventLoop.cancel(ticker);
        ticker = null;
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
