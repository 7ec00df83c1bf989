package dev.switchboard.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load generator's command line, {@code --key value} pairs. Every run is bounded: {@code --max-time} (default
 * derived from the scenario) ends it whatever happens, and only loopback URLs are accepted.
 *
 * @param scenario      fanout, idle, churn, rooms or slow-consumer
 * @param url           the hub's WebSocket URL, on 127.0.0.0/8 or localhost (the publisher's, and the default for
 *                      every connection)
 * @param nodes         the URLs connections go to in turn ({@code --subscriber-urls}, comma-separated; default
 *                      {@code url}): subscribers spread over several nodes of a cluster
 * @param protocol      {@code switchboard} (subscribe/publish envelopes; also the bare-Tyrus baseline) or {@code raw}
 *                      (the peers: every text frame is broadcast as is, nothing to subscribe to)
 * @param conns         subscribers (fanout, rooms, slow-consumer), held connections (idle) or concurrent loops (churn)
 * @param rate          messages per second offered by the publisher
 * @param duration      how long the publisher sends, or how long churn runs
 * @param warmup        before the measured publishing, how long the publisher sends unmeasured messages at the same
 *                      rate (fanout, rooms, slow-consumer): the same warm-up for every hub (a JVM's JIT, caches)
 * @param hold          how long idle connections are held
 * @param roomSize      subscribers per channel in {@code rooms}
 * @param slowPercent   percentage of non-reading subscribers in {@code slow-consumer}
 * @param payloadBytes  approximate size of each published payload
 * @param serverPid     the hub's PID for /proc sampling, 0 for none
 * @param jvm           whether the hub is a JVM (heap is then measured with jcmd)
 * @param metricsUrl    the hub's Prometheus endpoint (switchboard only), or null
 * @param redisPort     the loopback port of the Redis an {@code engine=redis} hub uses (fanout reports its
 *                      commands per message), 0 for none
 * @param destAddrs     how many 127.0.0.x destination addresses to spread connections over (1 = only the URL's)
 * @param threads       threads of the WebSocket client's executor
 * @param maxInFlight   handshakes in flight during a ramp
 * @param maxTime       hard bound on the whole run
 * @param label         copied into the summary
 */
record LoadOptions(String scenario, URI url, List<URI> nodes, String protocol, int conns, int rate, Duration duration,
        Duration warmup, Duration hold, int roomSize, double slowPercent, int payloadBytes, long serverPid, boolean jvm,
        URI metricsUrl, int redisPort, int destAddrs, int threads, int maxInFlight, Duration maxTime, String label) {

    static LoadOptions parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --key value pairs, got " + args[i]);
            }
            m.put(args[i].substring(2), args[++i]);
        }
        String scenario = m.getOrDefault("scenario", "fanout");
        URI url = loopback(URI.create(m.getOrDefault("url", "ws://127.0.0.1:8080/ws")));
        int conns = Integer.parseInt(m.getOrDefault("conns", "1000"));
        Duration duration = Duration.ofSeconds(Long.parseLong(m.getOrDefault("duration", "10")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(m.getOrDefault("warmup", "0")));
        Duration hold = Duration.ofSeconds(Long.parseLong(m.getOrDefault("hold", "10")));
        long defaultMax = 60 + 2 * (duration.toSeconds() + warmup.toSeconds() + hold.toSeconds()) + conns / 500;
        String metrics = m.get("metrics-url");
        List<URI> nodes = m.containsKey("subscriber-urls")
                ? Arrays.stream(m.get("subscriber-urls").split(",")).map(u -> loopback(URI.create(u))).toList()
                : List.of(url);
        return new LoadOptions(scenario, url, nodes, m.getOrDefault("protocol", "switchboard"), conns,
                Integer.parseInt(m.getOrDefault("rate", "100")), duration, warmup, hold,
                Integer.parseInt(m.getOrDefault("room-size", "10")),
                Double.parseDouble(m.getOrDefault("slow-percent", "1")),
                Integer.parseInt(m.getOrDefault("payload-bytes", "100")),
                Long.parseLong(m.getOrDefault("server-pid", "0")),
                Boolean.parseBoolean(m.getOrDefault("jvm", "false")),
                metrics == null ? null : loopback(URI.create(metrics)),
                Integer.parseInt(m.getOrDefault("redis-port", "0")),
                Integer.parseInt(m.getOrDefault("dest-addrs", conns > 25_000 ? "4" : "1")),
                Integer.parseInt(m.getOrDefault("threads", "2")),
                Integer.parseInt(m.getOrDefault("max-in-flight", "256")),
                Duration.ofSeconds(Long.parseLong(m.getOrDefault("max-time", Long.toString(defaultMax)))),
                m.getOrDefault("label", scenario));
    }

    boolean switchboardProtocol() {
        return "switchboard".equals(protocol);
    }

    /**
     * @return the URL for connection {@code i}: the nodes in turn, the host spread over {@link #destAddrs}
     *         loopback addresses
     */
    URI urlFor(int i) {
        URI url = nodes.get(i % nodes.size());
        if (destAddrs <= 1) {
            return url;
        }
        String host = "127.0.0." + (1 + i % destAddrs);
        return URI.create(url.getScheme() + "://" + host + ":" + url.getPort() + url.getRawPath());
    }

    private static URI loopback(URI uri) {
        String host = uri.getHost();
        if (host == null || !(host.equals("localhost") || host.startsWith("127."))) {
            throw new IllegalArgumentException("refusing a non-loopback target: " + uri);
        }
        return uri;
    }
}
