package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.client.ClientState;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.RecordingChannel;

/**
 * No thundering herd: 200 Java clients (default backoff) lose their hub at once, it comes back on the same port,
 * and their first reconnect attempts are spread by the jitter over the first backoff step (0.5 s) instead of
 * arriving together; every client is connected again afterwards.
 */
class ClientReconnectStormIT {

    private static final int CLIENTS = 200;
    private static final Duration WINDOW = Duration.ofMillis(100);
    /** Uniform over 0.5 s puts ~20% in each 100 ms window; one window with over 35% would be a herd. */
    private static final double MAX_SHARE_PER_WINDOW = 0.35;
    private static final String[] SETTINGS = {"rate.handshakes.per.second", "100000", "rate.handshakes.burst",
            "100000"};

    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings(SETTINGS);

    @Test
    void twoHundredClientsSpreadTheirReconnectsAfterAHubRestart() throws Exception {
        int port = hub.port();
        ExecutorService callbacks = Executors.newFixedThreadPool(4, new NamedThreadFactory("test-callbacks", true));
        Map<Integer, Long> firstRetryNanos = new ConcurrentHashMap<>();
        List<SwitchboardClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                int index = i;
                SwitchboardClient c = SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + port + "/ws"))
                        .executor(callbacks).onStateChange(change -> {
                            if (change.from() == ClientState.DISCONNECTED && change.to() == ClientState.CONNECTING) {
                                firstRetryNanos.putIfAbsent(index, System.nanoTime());
                            }
                        }).build();
                c.subscribe("storm:all", new RecordingChannel());
                clients.add(c);
                c.connect();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> clients.stream()
                    .allMatch(c -> c.state() == ClientState.CONNECTED));

            hub.restart("port", String.valueOf(port), SETTINGS[0], SETTINGS[1], SETTINGS[2], SETTINGS[3]);
            await().atMost(Duration.ofSeconds(60)).until(() -> firstRetryNanos.size() == CLIENTS
                    && clients.stream().allMatch(c -> c.state() == ClientState.CONNECTED));

            long first = firstRetryNanos.values().stream().mapToLong(Long::longValue).min().orElseThrow();
            TreeMap<Long, Integer> histogram = new TreeMap<>();
            firstRetryNanos.values().forEach(t -> histogram.merge((t - first) / WINDOW.toNanos(), 1, Integer::sum));
            String shown = distribution(histogram);
            int busiest = histogram.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
            assertThat(busiest).as("first reconnect attempts per 100 ms window (window: attempts): %s", shown)
                    .isLessThanOrEqualTo((int) (CLIENTS * MAX_SHARE_PER_WINDOW));
            assertThat(histogram.size()).as("spread over at least 4 windows: %s", shown).isGreaterThanOrEqualTo(4);
            System.out.printf("ClientReconnectStormIT: first reconnect attempts per 100 ms: %s%n", shown);
        } finally {
            clients.forEach(SwitchboardClient::close);
            callbacks.shutdown();
            assertThat(callbacks.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static String distribution(TreeMap<Long, Integer> histogram) {
        StringBuilder out = new StringBuilder();
        histogram.forEach((window, count) -> out.append(String.format("%n  %4d-%4d ms: %3d %s", window * 100,
                window * 100 + 99, count, "#".repeat(count))));
        return out.toString();
    }
}
