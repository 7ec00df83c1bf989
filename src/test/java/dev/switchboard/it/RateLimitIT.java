package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.PrometheusText;
import dev.switchboard.testing.WsClient;

/**
 * Per-connection rate limits as a client sees them: requests over the burst are answered {@code rate_limited} with
 * a {@code retryAfterMs} hint and are not run, bytes are limited too, the application-level {@code ping} and binary
 * frames count, WebSocket pings do not, and a connection that goes on at more than 3x its limit for 5 s is closed with 4029.
 * The HTTP API answers 429 beyond {@code rate.api.per.second}.
 */
class RateLimitIT {

    private static final int RATE = 10;
    private static final int BURST = 20;
    private static final Duration WAIT = Duration.ofSeconds(10);

    // One hub per test: each test's counts start from zero.
    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings("rate.messages.per.second", Integer.toString(RATE),
            "rate.messages.burst", Integer.toString(BURST));
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WsClient> clients = new ArrayList<>();
    private final ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2,
            new NamedThreadFactory("rate-limit-it-pacer", true));

    @AfterEach
    void stop() throws InterruptedException {
        pacer.shutdownNow();
        assertThat(pacer.awaitTermination(10, TimeUnit.SECONDS)).as("pacer stopped").isTrue();
        clients.forEach(WsClient::close);
    }

    @Test
    void requestsOverTheBurstAreAnsweredRateLimitedWithAHintAndAreNotRun() throws Exception {
        WsClient reader = connected();
        reader.send(Frames.subscribe("rl:a").id(1));
        reader.next("subscribed");
        WsClient publisher = connected();

        int sent = BURST + 15;
        for (int n = 1; n <= sent; n++) {
            publisher.send(Frames.publish("rl:a", Frames.object("n", n)).id(n));
        }
        Set<Integer> published = new HashSet<>();
        List<JsonNode> refused = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            JsonNode reply = publisher.next();
            if ("published".equals(reply.path("type").asText())) {
                published.add(reply.path("id").asInt());
            } else {
                refused.add(reply);
            }
        }

        assertThat(published.size()).as("the burst, plus what refilled while sending").isBetween(BURST, sent - 5);
        assertThat(refused).hasSize(sent - published.size()).allSatisfy(error -> {
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo("rate_limited");
            assertThat(error.path("retryAfterMs").asLong()).as("a token every 100 ms").isBetween(1L, 100L);
            assertThat(published).as("a refused id").doesNotContain(error.path("id").asInt());
        });

        // The reader gets exactly the accepted messages: a marker published once a token is back follows them.
        int markerRefusals = publishWhenAllowed(publisher, "rl:a", 1000);
        Set<Integer> delivered = new HashSet<>();
        for (JsonNode m = reader.next("message"); m.path("data").path("n").asInt() != 1000;
                m = reader.next("message")) {
            delivered.add(m.path("data").path("n").asInt());
        }
        assertThat(delivered).as("refused publishes were not run").isEqualTo(published);

        PrometheusText metrics = scrape();
        int refusals = refused.size() + markerRefusals;
        assertThat(metrics.value("switchboard_rate_limited_total", "kind", "message")).isEqualTo(refusals);
        assertThat(metrics.value("switchboard_rate_limited_total", "kind", "bytes")).isZero();
        assertThat(metrics.value("switchboard_errors_total", "code", "rate_limited")).isEqualTo(refusals);
    }

    @Test
    void requestBytesOverTheByteRateAreRefused() throws Exception {
        hub.restart("rate.bytes.per.second", "2000", "max.message.bytes", "1024");
        WsClient publisher = connected();
        String pad = "x".repeat(900);
        publisher.send(Frames.publish("rl:bytes", Frames.object("pad", pad)).id(1));
        publisher.send(Frames.publish("rl:bytes", Frames.object("pad", pad)).id(2));
        publisher.send(Frames.publish("rl:bytes", Frames.object("pad", pad)).id(3));

        assertThat(publisher.next().path("type").asText()).isEqualTo("published");
        assertThat(publisher.next().path("type").asText()).isEqualTo("published");
        JsonNode third = publisher.next();
        assertThat(third.path("code").asText()).isEqualTo("rate_limited");
        assertThat(third.path("id").asInt()).isEqualTo(3);
        assertThat(third.path("retryAfterMs").asLong()).as("~900 bytes missing at 2000 per second")
                .isBetween(1L, 500L);
        publisher.send(Frames.ping().id(4));
        assertThat(publisher.next().path("type").asText()).as("small requests still pass").isEqualTo("pong");
        assertThat(scrape().value("switchboard_rate_limited_total", "kind", "bytes")).isEqualTo(1);
    }

    @Test
    void theApplicationPingIsLimitedLikeEveryRequest() {
        WsClient client = connected();
        int sent = BURST + 10;
        for (int n = 1; n <= sent; n++) {
            client.send(Frames.ping().id(n));
        }
        int pongs = 0;
        int limited = 0;
        for (int i = 0; i < sent; i++) {
            String type = client.next().path("type").asText();
            pongs += "pong".equals(type) ? 1 : 0;
            limited += "error".equals(type) ? 1 : 0;
        }
        assertThat(pongs).isBetween(BURST, sent - 5);
        assertThat(limited).isEqualTo(sent - pongs);
    }

    @Test
    void anEmptyTextFrameCostsAMessageTokenAndIsABadRequest() throws Exception {
        WsClient client = connected();
        client.send("");
        assertThat(client.next().path("code").asText()).isEqualTo("bad_request");
        assertThat(client.isClosed()).isFalse();
        assertThat(scrape().value("switchboard_rate_limited_total", "kind", "message")).isZero();
    }

    @Test
    void binaryFramesCountAsRequests() {
        WsClient client = connected();
        int sent = BURST + 10;
        for (int i = 0; i < sent; i++) {
            client.socket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
        }
        int badRequests = 0;
        int limited = 0;
        for (int i = 0; i < sent; i++) {
            String code = client.next().path("code").asText();
            badRequests += "bad_request".equals(code) ? 1 : 0;
            limited += "rate_limited".equals(code) ? 1 : 0;
        }
        assertThat(badRequests).isBetween(BURST, sent - 5);
        assertThat(limited).isEqualTo(sent - badRequests);
    }

    @Test
    void webSocketPingsAreNeverLimited() {
        WsClient client = connected();
        for (int i = 0; i < 30 * BURST; i++) {
            client.socket().sendPing(ByteBuffer.wrap(new byte[] {(byte) i})).join();
        }
        // Had the pings cost tokens, the bucket would be empty long after them; it is full.
        for (int n = 1; n <= BURST; n++) {
            client.send(Frames.ping().id(n));
        }
        for (int n = 1; n <= BURST; n++) {
            assertThat(client.next().path("type").asText()).as("reply %d", n).isEqualTo("pong");
        }
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void goingOnAtMoreThanThreeTimesTheLimitForFiveSecondsClosesWith4029() throws Exception {
        WsClient flooder = connected();
        WsClient brisk = connected();
        AtomicInteger flooderSent = new AtomicInteger();
        long start = System.nanoTime();
        // 5x the limit, and 2x (under the 3x rule): both are refused a lot, only the first is closed.
        ScheduledFuture<?> flood = paced(flooder, 1000 / (5 * RATE), flooderSent);
        ScheduledFuture<?> busy = paced(brisk, 1000 / (2 * RATE), new AtomicInteger());

        int code = flooder.awaitClose(Duration.ofSeconds(9));
        Duration closedAfter = Duration.ofNanos(System.nanoTime() - start);
        flood.cancel(false);
        assertThat(code).isEqualTo(4029);
        assertThat(closedAfter).as("five whole seconds over 3x, then the next message")
                .isBetween(Duration.ofSeconds(5), Duration.ofMillis(6_500));

        await("the brisk client keeps going past the flooder's close").atMost(WAIT)
                .until(() -> System.nanoTime() - start > Duration.ofSeconds(7).toNanos());
        busy.cancel(false);
        assertThat(brisk.isClosed()).as("2x its limit is refused, never closed").isFalse();
        PrometheusText metrics = scrape();
        assertThat(metrics.value("switchboard_connections_closed_total", "code", "4029")).isEqualTo(1);
        assertThat(metrics.value("switchboard_rate_limited_total", "kind", "message")).isPositive();
    }

    @Test
    void theHttpApiAnswers429BeyondItsRate() throws Exception {
        hub.restart("rate.api.per.second", "5");
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(hub.http("/api/v1/channels/rl:api/history"))
                    .timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
            statuses.add(r.statusCode());
            if (r.statusCode() == 429 && limited == null) {
                limited = r;
            }
        }
        assertThat(statuses.subList(0, 5)).as("the first second's worth").containsOnly(200);
        assertThat(statuses).contains(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Frames.parse(limited.body()).path("code").asText()).isEqualTo("rate_limited");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(hub.http("/health/live")).timeout(WAIT)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("only /api is limited").isEqualTo(200);
        assertThat(scrape().value("switchboard_rate_limited_total", "kind", "api"))
                .isEqualTo(statuses.stream().filter(s -> s == 429).count());
    }

    private ScheduledFuture<?> paced(WsClient client, long periodMs, AtomicInteger sent) {
        return pacer.scheduleAtFixedRate(() -> {
            if (!client.isClosed()) {
                try {
                    client.send(Frames.ping().id(sent.incrementAndGet()));
                } catch (RuntimeException closing) {
                    // The hub closed the connection between the check and the send: the test reads the close.
                }
            }
        }, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Publishes {@code {"n":n}}, retrying after each {@code rate_limited} as its hint says.
     *
     * @return how many attempts were refused
     */
    private static int publishWhenAllowed(WsClient publisher, String channel, int n) throws InterruptedException {
        for (int attempt = 0; attempt < 10; attempt++) {
            publisher.send(Frames.publish(channel, Frames.object("n", n)).id(n));
            JsonNode reply = publisher.next();
            if ("published".equals(reply.path("type").asText())) {
                return attempt;
            }
            assertThat(reply.path("code").asText()).isEqualTo("rate_limited");
            Thread.sleep(reply.path("retryAfterMs").asLong());
        }
        throw new AssertionError("the marker was never accepted");
    }

    private WsClient connected() {
        WsClient c = hub.connect();
        clients.add(c);
        c.next("welcome");
        return c;
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(hub.http("/metrics")).timeout(WAIT).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return PrometheusText.parse(r.body());
    }
}
