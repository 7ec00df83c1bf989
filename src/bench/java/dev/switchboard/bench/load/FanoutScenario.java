package dev.switchboard.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code fanout}, {@code rooms} and {@code slow-consumer}: subscribers connect and subscribe, then one publisher
 * (its own connection) offers {@code rate} messages per second for {@code duration}; each payload carries the
 * monotonic send time in µs ({@code lg_ts}), so every delivery's latency is measured in this process.
 * <ul>
 * <li>fanout: every subscriber on channel {@code bench};</li>
 * <li>rooms: channels {@code room.K} of {@code room-size} subscribers each, the publisher going round the rooms;</li>
 * <li>slow-consumer: as fanout, with {@code slow-percent} of the subscribers never reading after the welcome.
 * Latency and loss are reported for the healthy subscribers only.</li>
 * </ul>
 * {@code lost} = expected − delivered when the drain window ends: under overload it includes backlog not yet sent.
 * With {@code warmup}, the publisher first sends at the same rate for that long messages without {@code lg_ts}
 * ({@code lg_warm} instead), which receivers do not count, then pauses {@link #SETTLE} before the measured phase.
 */
final class FanoutScenario {

    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration DRAIN_QUIET = Duration.ofSeconds(3);
    private static final Duration DRAIN_MAX = Duration.ofSeconds(10);

    private final LoadOptions o;
    private final Clients clients;
    private final HubProcess hub;
    private final Tally tally = new Tally();
    private final RedisProbe redis;

    FanoutScenario(LoadOptions options, Clients clients, HubProcess hub) {
        this.o = options;
        this.clients = clients;
        this.hub = hub;
        this.redis = new RedisProbe(options.redisPort(), hub);
    }

    JsonLine run() throws Exception {
        boolean rooms = "rooms".equals(o.scenario());
        if (rooms && !o.switchboardProtocol()) {
            throw new IllegalArgumentException("rooms needs the switchboard protocol (channels)");
        }
        int channels = rooms ? Math.max(1, (o.conns() + o.roomSize() - 1) / o.roomSize()) : 1;
        int slowEvery = "slow-consumer".equals(o.scenario()) && o.slowPercent() > 0
                ? Math.max(1, (int) Math.round(100 / o.slowPercent())) : 0;
        int[] readersPerChannel = new int[channels];
        Clients.Ramp ramp = clients.connect(o.conns(), i -> {
            boolean slow = slowEvery > 0 && i % slowEvery == slowEvery / 2;
            if (!slow) {
                readersPerChannel[i % channels]++;
            }
            String subscribe = o.switchboardProtocol()
                    ? "{\"type\":\"subscribe\",\"channel\":\"" + channel(rooms, i % channels) + "\"}" : null;
            return new BenchSocket(slow ? BenchSocket.Mode.NOT_READING : BenchSocket.Mode.READING, subscribe, tally);
        }, Duration.ofSeconds(30 + o.conns() / 200));
        int readers = (int) ramp.sockets().stream().filter(s -> s.mode() == BenchSocket.Mode.READING).count();
        awaitSubscribed(readers);
        Thread.sleep(SETTLE.toMillis());

        BenchSocket publisher = new BenchSocket(BenchSocket.Mode.DISCARD, null, new Tally());
        long ticks0 = hub.cpuTicks();
        long start = System.nanoTime();
        long[] expected = new long[1];
        Publication pub = new Publication();
        try {
            var pubSocket = clients.open(publisher, o.url()).get(10, TimeUnit.SECONDS);
            if (!o.warmup().isZero()) {
                Publication warm = new Publication();
                publish(pubSocket, publisher, new Phase(rooms, channels, readersPerChannel, o.warmup(), false),
                        new long[1], System.nanoTime(), warm);
                Progress.log("warm-up: %d messages in %d s", warm.sent, o.warmup().toSeconds());
                Thread.sleep(SETTLE.toMillis());
                if (warm.error != null) {
                    pub.stop(System.nanoTime(), "during warm-up: " + warm.error);
                }
            }
            redis.start();
            start = System.nanoTime();
            ticks0 = hub.cpuTicks();
            if (pub.error == null) {
                publish(pubSocket, publisher, new Phase(rooms, channels, readersPerChannel, o.duration(), true),
                        expected, start, pub);
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            pub.stop(start, "publisher connection failed: " + rootCause(e));
        }
        long publishNanos = System.nanoTime() - start;
        long ticks1 = hub.cpuTicks();
        drain(expected[0]);
        JsonLine summary = summary(ramp, readers, channels, pub, publisher, expected[0], start, publishNanos,
                HubProcess.cpuPercent(ticks0, ticks1, publishNanos));
        redis.put(summary, pub.sent);
        return summary;
    }

    /** What became of the publisher: how many it sent and, when it had to stop early, when and why. */
    private static final class Publication {
        long sent;
        double disconnectedAtSeconds = -1;
        String error;

        void stop(long start, String why) {
            if (error == null) {
                disconnectedAtSeconds = (System.nanoTime() - start) / 1e9;
                error = why;
                Progress.log("publisher stopped after %d messages at %.2f s: %s", sent, disconnectedAtSeconds, why);
            }
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /**
     * One publishing phase.
     *
     * @param measured whether payloads carry {@code lg_ts} (counted and timed by the receivers) or {@code lg_warm}
     */
    private record Phase(boolean rooms, int channels, int[] readersPerChannel, Duration length, boolean measured) {
    }

    private static String channel(boolean rooms, int k) {
        return rooms ? "room." + k : "bench";
    }

    private void awaitSubscribed(int readers) throws InterruptedException {
        if (!o.switchboardProtocol()) {
            return;
        }
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (tally.subscribed.sum() < readers && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        Progress.log("subscribed %d of %d reading subscribers", tally.subscribed.sum(), readers);
    }

    /**
     * Paces {@code rate} msg/s for {@code duration}; a late send is caught up at once, never skipped. Stops early,
     * without throwing, when the hub closed the publisher's connection or a send failed or took over 10 s.
     */
    private void publish(java.net.http.WebSocket ws, BenchSocket publisher, Phase phase, long[] expected, long start,
            Publication pub) throws InterruptedException {
        String pad = "x".repeat(Math.max(0, o.payloadBytes() - 50));
        long period = 1_000_000_000L / Math.max(1, o.rate());
        long end = start + phase.length().toNanos();
        String stamp = phase.measured() ? ",\"lg_ts\":" : ",\"lg_warm\":";
        long seq = 0;
        long nextLog = start + 1_000_000_000L;
        while (true) {
            long due = start + seq * period;
            long now = System.nanoTime();
            if (due >= end || now >= end) {
                break;
            }
            if (!publisher.isOpen()) {
                pub.stop(start, publisher.closeCode == -1 ? "publisher connection failed (no close frame)"
                        : "publisher connection closed by the hub (code " + publisher.closeCode + ")");
                break;
            }
            if (due > now) {
                LockSupport.parkNanos(due - now);
            }
            int k = (int) (seq % phase.channels());
            String payload = "{\"lg_seq\":" + seq + stamp + System.nanoTime() / 1000 + ",\"pad\":\"" + pad + "\"}";
            String frame = o.switchboardProtocol()
                    ? "{\"type\":\"publish\",\"channel\":\"" + channel(phase.rooms(), k) + "\",\"data\":" + payload
                            + "}"
                    : payload;
            try {
                ws.sendText(frame, true).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw e;
            } catch (java.util.concurrent.TimeoutException e) {
                pub.stop(start, "send took over 10 s");
                break;
            } catch (Exception e) {
                pub.stop(start, "send failed: " + rootCause(e)
                        + (publisher.isOpen() || publisher.closeCode == -1 ? ""
                                : " (close code " + publisher.closeCode + ")"));
                break;
            }
            expected[0] += phase.readersPerChannel()[k];
            seq++;
            pub.sent = seq;
            if (now >= nextLog) {
                nextLog += 1_000_000_000L;
                Progress.log("published %d, delivered %d", seq, tally.delivered.sum());
            }
        }
    }

    private void drain(long expected) throws InterruptedException {
        long end = System.nanoTime() + DRAIN_MAX.toNanos();
        long last = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < end) {
            long d = tally.delivered.sum();
            if (d >= expected) {
                return;
            }
            if (d != last) {
                last = d;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > DRAIN_QUIET.toNanos()) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private JsonLine summary(Clients.Ramp ramp, int readers, int channels, Publication pub, BenchSocket publisher,
            long expected, long start, long publishNanos, double hubCpu) {
        long sent = pub.sent;
        List<BenchSocket> sockets = ramp.sockets();
        long delivered = tally.delivered.sum();
        long span = tally.lastReceiveNanos.get() - start;
        long minPerSub = sockets.stream().filter(s -> s.mode() == BenchSocket.Mode.READING)
                .mapToLong(BenchSocket::received).min().orElse(0);
        long closedReaders = sockets.stream().filter(s -> s.mode() == BenchSocket.Mode.READING)
                .filter(s -> !s.isOpen()).count();
        long closedSubscribers = sockets.stream().filter(s -> !s.isOpen()).count();
        LatencyHistogram h = tally.latency;
        return new JsonLine().put("connected", ramp.connected()).put("failed", ramp.failed())
                .put("reading_subscribers", readers).put("slow_subscribers", ramp.connected() - readers)
                .put("channels", channels).put("offered_rate", o.rate()).put("sent", sent)
                .put("send_rate", sent / (publishNanos / 1e9)).put("expected", expected).put("delivered", delivered)
                .put("lost", expected - delivered)
                .put("delivered_per_s", span > 0 ? delivered / (span / 1e9) : 0.0)
                .put("p50_ms", h.percentileMillis(0.50)).put("p90_ms", h.percentileMillis(0.90))
                .put("p99_ms", h.percentileMillis(0.99)).put("p999_ms", h.percentileMillis(0.999))
                .put("max_ms", h.maxMillis()).put("min_per_subscriber", minPerSub)
                .put("readers_disconnected", closedReaders).put("disconnected_subscribers", closedSubscribers)
                .put("close_codes", tally.closeCodes())
                .put("publisher_disconnected", pub.error != null)
                .put("publisher_disconnected_at_s", pub.error != null ? pub.disconnectedAtSeconds : null)
                .put("publisher_error", pub.error)
                .put("publisher_close_code", publisher.isOpen() ? null : publisher.closeCode)
                .put("hub_cpu_pct", hubCpu)
                .put("hub_rss_end_kb", hub.rssKb()).put("hub_connections_end", hub.connectionsGauge());
    }
}
