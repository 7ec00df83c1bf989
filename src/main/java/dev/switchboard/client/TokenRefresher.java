package dev.switchboard.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Keeps an open connection's token fresh: when the token in use is a JWT with {@code exp}, sends {@code refresh}
 * with a token from the supplier {@code refreshBefore} ahead of it, and again ahead of each {@code refreshed} reply's
 * {@code exp}. A failing supplier is asked again a quarter of {@code refreshBefore} later; never in a tight loop.
 * Event loop only.
 */
final class TokenRefresher {

    private static final System.Logger LOG = System.getLogger("dev.switchboard.client");

    private final ClientSettings settings;
    private final EventLoop loop;
    private final ClientFrames frames;
    private final LongSupplier ids;
    private final TokenExpiry expiry = new TokenExpiry();
    private Optional<Instant> exp = Optional.empty();
    private ScheduledFuture<?> timer;
    private Link link;

    TokenRefresher(ClientSettings settings, EventLoop loop, ClientFrames frames, LongSupplier ids) {
        this.settings = settings;
        this.loop = loop;
        this.frames = frames;
        this.ids = ids;
    }

    /** An attempt is made with {@code token} (may be {@code null}). */
    void using(String token) {
        exp = expiry.of(token);
    }

    /** The attempt's connection opened: schedule its first refresh, if its token expires. */
    void start(Link opened) {
        stop();
        link = opened;
        exp.ifPresent(e -> schedule(e, Duration.ZERO));
    }

    /** The connection ended. */
    void stop() {
        EventLoop.cancel(timer);
        timer = null;
        link = null;
    }

    /** The hub's {@code refreshed}: the connection now expires at its {@code exp}. */
    void refreshed(JsonNode frame) {
        Instant next = Instant.ofEpochSecond(frame.path("exp").asLong());
        exp = Optional.of(next);
        if (link != null) {
            // A supplier that hands out the same token again must not make the client refresh in a loop.
            schedule(next, settings.refreshBefore().dividedBy(4));
        }
    }

    private void schedule(Instant expiresAt, Duration atLeast) {
        Duration in = Duration.between(Instant.now(), expiresAt.minus(settings.refreshBefore()));
        timer = loop.schedule(this::refresh, in.compareTo(atLeast) < 0 ? atLeast : in);
    }

    private void refresh() {
        if (link == null) {
            return;
        }
        try {
            String token = settings.tokens().token();
            if (token != null) {
                link.send(frames.text(frames.refresh(ids.getAsLong(), token)));
                return;
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "the token supplier failed at refresh: "
                    + e.getClass().getName());
        }
        timer = loop.schedule(this::refresh, settings.refreshBefore().dividedBy(4));
    }
}
