package dev.switchboard.standalone;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.HubConfig;
import dev.switchboard.config.WarmupSettings;
import dev.switchboard.support.NamedThreadFactory;

/**
 * The standalone hub's start-up warm-up: a throwaway hub on a loopback port, driven through the real handshake,
 * {@code welcome}, {@code subscribe}, fan-out and close paths by {@link WarmupClient}s, then closed, before the hub
 * that serves clients starts. The JIT's profiles and compiled code are per class, so the real hub starts with them;
 * its registry, metrics and logs see none of this traffic (the throwaway hub has its own CDI container, and logs
 * only errors meanwhile). A failure only ends the warm-up early: the hub starts anyway.
 */
final class Warmup {

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    private static final int THREADS = 4;
    /** Messages published to each wave: every connection of the wave receives each. */
    private static final int MESSAGES = 20;
    private static final Duration WAVE_BUDGET = Duration.ofSeconds(30);
    /** No wave starts after this: on a starved machine the warm-up gives up part of its work, not the start-up. */
    private static final Duration TOTAL_BUDGET = Duration.ofSeconds(20);

    private Warmup() {
    }

    /** Runs the warm-up that {@code config} asks for (none when {@code warmup.connections=0}); never throws. */
    static void run(HubConfig config) {
        int total = config.warmup().connections();
        if (total == 0) {
            return;
        }
        long started = System.nanoTime();
        int connections = 0;
        long deliveries = 0;
        Exception failure = null;
        Level level = QuietLogs.raise();
        ExecutorService clients = Executors.newFixedThreadPool(THREADS,
                new NamedThreadFactory("switchboard-warmup", true));
        try (StandaloneHub hub = StandaloneHub.start(throwaway(config))) {
            while (connections < total && System.nanoTime() - started < TOTAL_BUDGET.toNanos()) {
                int wave = Math.min(WarmupSettings.WAVE, total - connections);
                deliveries += wave(hub.port(), wave, clients);
                connections += wave;
            }
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
            failure = e instanceof ExecutionException && e.getCause() instanceof Exception cause ? cause : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } finally {
            clients.shutdownNow();
            awaitTermination(clients);
            QuietLogs.restore(level);
        }
        if (failure != null) {
            LOG.warn("Warm-up ended early after {} connections ({}); the hub starts without the rest", connections,
                    failure.toString());
        }
        // The throwaway hub's garbage and the heap it grew are not the real hub's to keep: one full collection
        // now (the collector may return the memory), instead of paying for it while clients are connected.
        System.gc();
        LOG.info("Warm-up: {} connections, {} deliveries in {} ms (warmup.connections=0 turns it off)", connections,
                deliveries, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * One wave: {@code count} connections subscribe, one of them publishes {@link #MESSAGES}, every connection
     * reads them all, then all close.
     *
     * @return the messages delivered
     */
    private static long wave(int port, int count, ExecutorService clients)
            throws IOException, ExecutionException, TimeoutException, InterruptedException {
        List<List<WarmupClient>> slices = new ArrayList<>();
        List<Future<List<WarmupClient>>> opening = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int share = count / THREADS + (t < count % THREADS ? 1 : 0);
            opening.add(clients.submit(() -> WarmupClient.openAll(port, share)));
        }
        try {
            for (Future<List<WarmupClient>> f : opening) {
                slices.add(f.get(WAVE_BUDGET.toMillis(), TimeUnit.MILLISECONDS));
            }
            WarmupClient publisher = slices.get(0).get(0);
            for (int i = 1; i <= MESSAGES; i++) {
                publisher.publish(i);
            }
            List<Future<Long>> reading = new ArrayList<>();
            for (List<WarmupClient> slice : slices) {
                reading.add(clients.submit(() -> WarmupClient.readAndClose(slice, MESSAGES)));
            }
            long delivered = 0;
            for (Future<Long> f : reading) {
                delivered += f.get(WAVE_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
            }
            return delivered;
        } finally {
            opening.forEach(f -> f.cancel(true)); // after a failure: slices not yet started never start
            slices.forEach(slice -> slice.forEach(WarmupClient::closeQuietly));
        }
    }

    /** Waits a little for the client threads: their sockets are closed, so each ends at its next read or write. */
    private static void awaitTermination(ExecutorService clients) {
        try {
            if (!clients.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Warm-up client threads still running after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The throwaway hub: defaults, loopback, a free port, the in-memory engine and no limit the warm-up reaches. */
    private static HubConfig throwaway(HubConfig config) {
        return ConfigLoader.fromMap(Map.ofEntries(
                Map.entry("host", "127.0.0.1"),
                Map.entry("port", "-1"),
                Map.entry("io.threads", Integer.toString(config.server().ioThreads())),
                Map.entry("send.threads", Integer.toString(config.server().sendThreads())),
                Map.entry("log.format", "text"),
                Map.entry("shutdown.grace.seconds", "1"),
                Map.entry("max.connections.per.ip", "1000000"),
                Map.entry("rate.handshakes.per.second", "1000000"),
                Map.entry("rate.handshakes.burst", "1000000"),
                Map.entry("rate.messages.per.second", "1000000"),
                Map.entry("rate.messages.burst", "1000000"),
                Map.entry("warmup.connections", "0")));
    }

    /** Raises the root log level to ERROR while the throwaway hub runs, when SLF4J is bound to Logback. */
    private static final class QuietLogs {

        private QuietLogs() {
        }

        static Level raise() {
            if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
                Level before = root.getLevel();
                root.setLevel(Level.ERROR);
                return before;
            }
            return null;
        }

        static void restore(Level level) {
            if (level != null
                    && LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
                root.setLevel(level);
            }
        }
    }
}
