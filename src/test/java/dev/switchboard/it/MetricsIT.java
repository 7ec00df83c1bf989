package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.ClientFrame;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.PrometheusText;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.RawWsClient;
import dev.switchboard.testing.TestHubs;
import dev.switchboard.testing.WsClient;

/**
 * {@code GET /metrics} as a Prometheus server scrapes it: a scripted scenario runs against a real hub, and the
 * scrape must show exactly what the scenario caused. Frames are counted on the client side, as they arrive.
 */
class MetricsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

    /** Counts the text frames a client received and their UTF-8 bytes; queues them all for {@code next()}. */
    private static final class Received implements Predicate<String> {
        final AtomicInteger frames = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();

        @Override
        public boolean test(String frame) {
            bytes.addAndGet(frame.getBytes(StandardCharsets.UTF_8).length);
            frames.incrementAndGet();
            return false;
        }
    }

    /**
     * One scripted scenario on its own hub, run once: clients subscribe and publish over WebSocket and REST, one errs,
     * an origin and an address over its limit are refused, a silent client times out, the rest close normally. Each
     * test checks one family of the scrape that followed: the counts are exact across the whole scenario.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AfterAScriptedScenario {

        private static final int CLIENTS = 3;
        private static final int WS_PUBLISHES = 4;
        private static final int REST_PUBLISHES = 3;

        private StandaloneHub hub;
        private final List<Received> counts = new ArrayList<>();
        private long sentBytes;
        private int sentFrames;
        private int received;
        private long receivedBytes;
        private PrometheusText m;

        @BeforeAll
        void runTheScenario() throws Exception {
            hub = TestHubs.start("heartbeat.seconds", "0.5", "idle.timeout.seconds", "2",
                    "max.connections.per.ip", Integer.toString(CLIENTS + 1));
            List<WsClient> ws = new ArrayList<>();
            try {
                connectAndSubscribe(ws);
                WsClient publisher = ws.get(0);
                publishOverWebSocketAndRest(publisher);
                WsClient erring = ws.get(1);
                erring.send("not json");
                sentFrames++;
                sentBytes += utf8("not json");

                assertThat(types(publisher, WS_PUBLISHES * 2 + REST_PUBLISHES))
                        .containsOnly("published", "message").filteredOn("published"::equals).hasSize(WS_PUBLISHES);
                List<String> erringTypes = types(erring, WS_PUBLISHES + REST_PUBLISHES + 1);
                assertThat(erringTypes).containsOnly("message", "error").filteredOn("error"::equals).hasSize(1);
                assertThat(types(ws.get(2), WS_PUBLISHES + REST_PUBLISHES)).containsOnly("message");

                refuseAnOriginAndLetASilentClientTimeOut();
                for (WsClient c : ws) {
                    c.socket().sendClose(1000, "bye").join();
                    assertThat(c.awaitClose(TIMEOUT)).isEqualTo(1000);
                }
            } finally {
                ws.forEach(WsClient::close);
            }
            received = counts.stream().mapToInt(r -> r.frames.get()).sum();
            receivedBytes = counts.stream().mapToLong(r -> r.bytes.get()).sum();

            // Sends are counted when the write completes, closes when the transport is gone: wait for quiet.
            await("the scrape to settle on what the clients saw").atMost(TIMEOUT).untilAsserted(() -> {
                PrometheusText settled = scrape(hub);
                assertThat(settled.value("switchboard_connections")).isZero();
                assertThat(settled.value("switchboard_messages_sent_total")).isEqualTo(received);
                assertThat(settled.value("switchboard_send_seconds_count")).isEqualTo(received);
            });
            m = scrape(hub);
        }

        @AfterAll
        void stop() {
            if (hub != null) {
                hub.close();
            }
        }

        private void connectAndSubscribe(List<WsClient> ws) {
            for (int i = 0; i < CLIENTS; i++) {
                Received r = new Received();
                counts.add(r);
                ws.add(WsClient.connect(hub.port(), r));
            }
            for (WsClient c : ws) {
                assertThat(c.next().path("type").asText()).isEqualTo("welcome");
                for (ClientFrame sub : List.of(Frames.subscribe("chat:room").id(1), Frames.subscribe("news").id(2))) {
                    c.send(sub);
                    sentFrames++;
                    sentBytes += utf8(sub.json());
                    assertThat(c.next().path("type").asText()).isEqualTo("subscribed");
                }
            }
        }

        private void publishOverWebSocketAndRest(WsClient publisher) throws Exception {
            for (int i = 0; i < WS_PUBLISHES; i++) {
                // Non-ASCII on purpose: bytes on the wire are UTF-8, not Java chars.
                String frame = Frames.publish("chat:room", Frames.object("text", "h\u00e9llo \u2713 " + i)).id(i)
                        .json();
                publisher.send(frame);
                sentFrames++;
                sentBytes += utf8(frame);
            }
            for (int i = 0; i < REST_PUBLISHES; i++) {
                HttpResponse<String> r = post(hub, "news", Frames.object("n", i).toString(), null);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
        }

        private void refuseAnOriginAndLetASilentClientTimeOut() {
            try (RawHandshake refused = RawHandshake.open(hub.port(), "http://evil.example")) {
                assertThat(refused.status()).isEqualTo(403);
            }
            try (RawWsClient silent = RawWsClient.connect(hub.port())) {
                RawWsClient.Frame welcome = silent.read(TIMEOUT).orElseThrow();
                assertThat(welcome.opcode()).isEqualTo(RawWsClient.TEXT);
                long silentBytes = welcome.payload().length;
                // 3 JDK clients + the silent one: the per-address limit is reached.
                try (RawHandshake refused = RawHandshake.open(hub.port(), null)) {
                    assertThat(refused.status()).isEqualTo(429);
                }
                RawWsClient.Frame close = silent.readUntilClose(TIMEOUT)
                        .orElseThrow(() -> new AssertionError("no close frame for the silent client"));
                assertThat(close.closeCode()).isEqualTo(4008);
                counts.add(fixed(1, silentBytes));
            }
        }

        @Test
        void everyFrameTheClientsSawIsCountedAsSentWithItsBytesAndSendTime() {
            // welcome + 2 subscribed + every message, the publisher's replies, one error, the silent welcome
            int expectedFrames = CLIENTS * (3 + WS_PUBLISHES + REST_PUBLISHES) + WS_PUBLISHES + 1 + 1;
            assertThat(received).isEqualTo(expectedFrames);
            assertThat(m.value("switchboard_messages_sent_total")).isEqualTo(received);
            assertThat(m.value("switchboard_sent_bytes_total")).isEqualTo(receivedBytes);
            assertThat(m.value("switchboard_send_seconds_count")).isEqualTo(received);
            assertThat(m.value("switchboard_send_seconds_bucket", "le", "+Inf")).isEqualTo(received);
        }

        @Test
        void everyFrameTheClientsSentIsCountedAsReceivedWithItsBytes() {
            assertThat(m.value("switchboard_messages_received_total")).isEqualTo(sentFrames);
            assertThat(m.value("switchboard_received_bytes_total")).isEqualTo(sentBytes);
        }

        @Test
        void connectionsAreCountedOpenedAndClosedByCode() {
            assertThat(m.value("switchboard_connections")).isZero();
            assertThat(m.value("switchboard_connections_opened_total")).isEqualTo(CLIENTS + 1);
            assertThat(m.labelValues("switchboard_connections_closed_total", "code")).containsExactly("1000", "4008");
            assertThat(m.value("switchboard_connections_closed_total", "code", "1000")).isEqualTo(CLIENTS);
            assertThat(m.value("switchboard_connections_closed_total", "code", "4008")).isEqualTo(1);
        }

        @Test
        void refusedHandshakesAreCountedByReason() {
            assertThat(m.labelValues("switchboard_handshakes_refused_total", "reason"))
                    .containsExactly("limit", "origin");
            assertThat(m.value("switchboard_handshakes_refused_total", "reason", "origin")).isEqualTo(1);
            assertThat(m.value("switchboard_handshakes_refused_total", "reason", "limit")).isEqualTo(1);
        }

        @Test
        void publishesAreCountedByNamespaceAndKeptInHistory() {
            assertThat(m.labelValues("switchboard_publishes_total", "namespace")).containsExactly("chat", "default");
            assertThat(m.value("switchboard_publishes_total", "namespace", "chat")).isEqualTo(WS_PUBLISHES);
            assertThat(m.value("switchboard_publishes_total", "namespace", "default")).isEqualTo(REST_PUBLISHES);
            assertThat(m.value("switchboard_history_messages")).isEqualTo(WS_PUBLISHES + REST_PUBLISHES);
        }

        @Test
        void errorsHeartbeatTimeoutsAndRateLimitsAreCounted() {
            assertThat(m.labelValues("switchboard_errors_total", "code")).containsExactly("bad_request");
            assertThat(m.value("switchboard_errors_total", "code", "bad_request")).isEqualTo(1);
            assertThat(m.value("switchboard_heartbeat_timeouts_total")).isEqualTo(1);
            assertThat(m.labelValues("switchboard_rate_limited_total", "kind"))
                    .containsExactlyInAnyOrder("message", "bytes", "handshake", "api");
            assertThat(m.samples("switchboard_rate_limited_total"))
                    .allSatisfy(s -> assertThat(s.value()).isZero());
        }

        @Test
        void outboxesAreEmptyAndTheirDepthWasSampled() {
            assertThat(m.value("switchboard_outbox_queued_messages")).isZero();
            assertThat(m.value("switchboard_outbox_queued_bytes")).isZero();
            assertThat(m.value("switchboard_outbox_depth_count")).as("sampled by the heartbeat sweep").isPositive();
        }

        @Test
        void everyFamilyHasItsPrometheusType() {
            assertThat(m.type("switchboard_connections")).isEqualTo("gauge");
            assertThat(m.type("switchboard_history_messages")).isEqualTo("gauge");
            assertThat(m.type("switchboard_outbox_queued_messages")).isEqualTo("gauge");
            assertThat(m.type("switchboard_outbox_queued_bytes")).isEqualTo("gauge");
            assertThat(m.type("switchboard_send_seconds")).isEqualTo("histogram");
            assertThat(m.type("switchboard_outbox_depth")).isEqualTo("summary");
            for (String counter : List.of("connections_opened", "connections_closed", "handshakes_refused",
                    "messages_received", "received_bytes", "messages_sent", "sent_bytes", "publishes",
                    "heartbeat_timeouts", "rate_limited", "errors")) {
                assertThat(counterType(m, "switchboard_" + counter)).as(counter).isEqualTo("counter");
            }
        }
    }

    @Test
    void namespaceLabelsAreCappedAtFiftyAndTheRestCountAsOther() throws Exception {
        try (StandaloneHub hub = TestHubs.start()) {
            for (int i = 0; i < 60; i++) {
                HttpResponse<String> r = post(hub, "ns" + i + ":x", "{}", null);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
            PrometheusText m = scrape(hub);
            Set<String> labels = m.labelValues("switchboard_publishes_total", "namespace");
            assertThat(labels).hasSize(51).contains("other", "ns0", "ns49").doesNotContain("ns50", "ns59");
            assertThat(m.value("switchboard_publishes_total", "namespace", "other")).isEqualTo(10);
            assertThat(m.samples("switchboard_publishes_total").stream().mapToDouble(PrometheusText.Sample::value)
                    .sum()).isEqualTo(60);
        }
    }

    @Test
    void subscriptionsAndChannelsFollowSubscribesUnsubscribesAndCloses() throws Exception {
        try (StandaloneHub hub = TestHubs.start(); WsClient a = WsClient.connect(hub.port());
                WsClient b = WsClient.connect(hub.port())) {
            a.next("welcome");
            b.next("welcome");
            for (String channel : List.of("m:one", "m:two", "m:three")) {
                a.send(Frames.subscribe(channel).id(1));
                a.next("subscribed");
            }
            b.send(Frames.subscribe("m:one").id(1));
            b.next("subscribed");
            assertGauges(hub, 4, 3);
            a.send(Frames.unsubscribe("m:two").id(2));
            a.next("unsubscribed");
            assertGauges(hub, 3, 2);
            a.close();
            await("a's close counted").atMost(TIMEOUT).untilAsserted(() -> assertGauges(hub, 1, 1));
            b.send(Frames.unsubscribe("m:one").id(2));
            b.next("unsubscribed");
            assertGauges(hub, 0, 0);
        }
    }

    private void assertGauges(StandaloneHub hub, int subscriptions, int channels) throws Exception {
        PrometheusText m = scrape(hub);
        assertThat(m.value("switchboard_subscriptions")).as("switchboard_subscriptions").isEqualTo(subscriptions);
        assertThat(m.value("switchboard_channels")).as("switchboard_channels").isEqualTo(channels);
    }

    @Test
    void metricsAreGuardedByTheApiKeyUnlessPublic() throws Exception {
        try (StandaloneHub hub = TestHubs.start("api.key", "k-123")) {
            HttpResponse<String> anonymous = get(hub, "/metrics", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("switchboard_");
            assertThat(get(hub, "/metrics", "Bearer wrong").statusCode()).isEqualTo(401);
            HttpResponse<String> keyed = get(hub, "/metrics", "Bearer k-123");
            assertThat(keyed.statusCode()).isEqualTo(200);
            assertThat(keyed.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(keyed.body()).contains("switchboard_connections ");
        }
        try (StandaloneHub hub = TestHubs.start("api.key", "k-123", "metrics.public", "true")) {
            HttpResponse<String> anonymous = get(hub, "/metrics", null);
            assertThat(anonymous.statusCode()).isEqualTo(200);
            assertThat(anonymous.body()).contains("switchboard_connections ");
            assertThat(post(hub, "news", "{}", null).statusCode()).as("the API stays guarded").isEqualTo(401);
        }
    }

    @Test
    void jvmAndProcessFamiliesArePresent() throws Exception {
        try (StandaloneHub hub = TestHubs.start()) {
            Set<String> families = scrape(hub).families();
            for (String prefix : List.of("jvm_memory_", "jvm_gc_", "jvm_threads_", "jvm_classes_", "process_cpu_",
                    "process_uptime_", "process_files_")) {
                assertThat(families).as(prefix).anyMatch(f -> f.startsWith(prefix));
            }
        }
    }

    /** @return the types of the next {@code n} frames of the client */
    private static List<String> types(WsClient client, int n) {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode frame = client.next();
            types.add(frame.path("type").asText());
        }
        return types;
    }

    private static Received fixed(int frames, long bytes) {
        Received r = new Received();
        r.frames.set(frames);
        r.bytes.set(bytes);
        return r;
    }

    /** Micrometer's Prometheus output may name a counter family with or without {@code _total}. */
    private static String counterType(PrometheusText m, String family) {
        String type = m.type(family + "_total");
        return type != null ? type : m.type(family);
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private PrometheusText scrape(StandaloneHub hub) throws Exception {
        HttpResponse<String> response = get(hub, "/metrics", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    private HttpResponse<String> get(StandaloneHub hub, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path))
                .timeout(TIMEOUT).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(StandaloneHub hub, String channel, String body, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hub.port() + "/api/v1/channels/" + channel + "/messages"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
