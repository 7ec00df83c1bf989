package dev.switchboard.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Redis engine's cost per published message, over the measured phase of a fan-out: Redis's own count of the
 * commands it ran ({@code INFO commandstats}, every node's; read over a plain socket) and the hub's round trip of
 * its publish script ({@code switchboard_redis_commands_seconds{command="publish"}}, the first node's). Inert
 * without a Redis port; a failed read leaves the fields out rather than failing the run.
 */
final class RedisProbe {

    private static final String PUBLISH_TIMER = "switchboard_redis_commands_seconds_";

    private final int port;
    private final HubProcess hub;
    private Map<String, long[]> before = Map.of();
    private double countBefore;
    private double sumBefore;

    RedisProbe(int port, HubProcess hub) {
        this.port = port;
        this.hub = hub;
    }

    /** Takes the readings the deltas start from: call when the measured publishing begins. */
    void start() {
        if (port > 0) {
            before = commandStats();
            countBefore = hub.metric(PUBLISH_TIMER + "count", "command=\"publish\"");
            sumBefore = hub.metric(PUBLISH_TIMER + "sum", "command=\"publish\"");
        }
    }

    /** Adds the deltas since {@link #start()}, per message of the {@code messages} published, to {@code out}. */
    void put(JsonLine out, long messages) {
        if (port <= 0 || messages <= 0) {
            return;
        }
        Map<String, long[]> after = commandStats();
        Map<String, Double> perMessage = new TreeMap<>();
        long calls = 0;
        long usec = 0;
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long n = e.getValue()[0] - b[0];
            if (n > 0 && !e.getKey().equals("info")) {   // our own INFO calls are not the engine's
                perMessage.put(e.getKey(), (double) n / messages);
                calls += n;
                usec += e.getValue()[1] - b[1];
            }
        }
        // Redis counts the commands a script runs as well as the EVALSHA itself: round trips are the scripts.
        out.put("redis_commands_per_msg", (double) calls / messages).put("redis_scripts_per_msg",
                perMessage.getOrDefault("evalsha", 0.0) + perMessage.getOrDefault("eval", 0.0))
                .put("redis_calls_per_msg", perMessage).put("redis_usec_per_msg", (double) usec / messages);
        double count = hub.metric(PUBLISH_TIMER + "count", "command=\"publish\"") - countBefore;
        double sum = hub.metric(PUBLISH_TIMER + "sum", "command=\"publish\"") - sumBefore;
        if (count > 0 && countBefore >= 0) {
            out.put("publish_redis_ms", sum / count * 1000);
        }
    }

    /** @return command → {calls, usec} from {@code INFO commandstats}; empty when Redis could not be read */
    private Map<String, long[]> commandStats() {
        Map<String, long[]> stats = new TreeMap<>();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("INFO commandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String header = line(in);
            if (!header.startsWith("$")) {
                return stats;
            }
            byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)));
            for (String l : new String(body, StandardCharsets.UTF_8).split("\r\n")) {
                // cmdstat_evalsha:calls=1500,usec=52310,usec_per_call=34.87,rejected_calls=0,failed_calls=0
                if (l.startsWith("cmdstat_")) {
                    String name = l.substring(8, l.indexOf(':'));
                    stats.put(name, new long[] {field(l, "calls="), field(l, "usec=")});
                }
            }
        } catch (IOException | RuntimeException e) {
            Progress.log("could not read INFO commandstats from Redis on port %d: %s", port, e);
        }
        return stats;
    }

    private static long field(String line, String key) {
        int i = line.indexOf(key, line.indexOf(':'));
        int end = line.indexOf(',', i);
        return Long.parseLong(line.substring(i + key.length(), end < 0 ? line.length() : end));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
