package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.channel.EngineUnavailableException;
import dev.switchboard.channel.Hub;
import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.TestHubs;
import dev.switchboard.testing.WsClient;

/**
 * The Redis engine as clients see it, with two hubs in this JVM sharing one real redis-server: one order of
 * offsets and one epoch across nodes, cross-node delivery, history and recovery read from Redis, a Redis outage
 * answered promptly (unavailable, 503, readiness DOWN then UP) and no pub/sub subscription left after churn.
 */
class RedisEngineIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static RedisServer redis;
    private static StandaloneHub a;
    private static StandaloneHub b;

    @BeforeAll
    static void start() {
        redis = RedisServer.launch(RedisServer.Persistence.AOF);
        a = hub();
        b = hub();
    }

    private static StandaloneHub hub() {
        return TestHubs.start("engine", "redis", "redis.uri", redis.uri(), "rate.messages.per.second", "10000",
                "rate.messages.burst", "10000", "api.key", "k");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {b, a, redis}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void publishesOnTwoNodesShareOneOrderAndReachSubscribersOnBoth() {
        try (WsClient onA = WsClient.connect(a.port()); WsClient onB = WsClient.connect(b.port())) {
            onA.next("welcome");
            onB.next("welcome");
            onA.send(Frames.subscribe("r:order").id(1));
            onB.send(Frames.subscribe("r:order").id(1));
            JsonNode subA = onA.next("subscribed");
            JsonNode subB = onB.next("subscribed");
            assertThat(subB.path("epoch").asText()).as("one epoch from first use")
                    .isEqualTo(subA.path("epoch").asText());
            assertThat(subB.path("offset").asLong()).isEqualTo(subA.path("offset").asLong()).isZero();

            for (int n = 1; n <= 20; n++) {
                (n % 2 == 0 ? onA : onB).send(Frames.publish("r:order", Frames.object("n", n)).id(100 + n));
            }
            for (WsClient c : List.of(onA, onB)) {
                List<Long> offsets = EngineChecks.offsetsInEpoch(c, 20, subA.path("epoch").asText());
                assertThat(offsets).as("each node delivers 1..20 once, in order")
                        .containsExactlyElementsOf(range(1, 20));
            }
        }
    }

    @Test
    void historyAndRecoveryReadRedisOnTheOtherNode() {
        try (WsClient publisher = WsClient.connect(a.port()); WsClient late = WsClient.connect(b.port())) {
            publisher.next("welcome");
            late.next("welcome");
            RecoveryCheck.historyThenRecoveryThenLive(publisher, late, "r:recover");

            late.send(Frames.subscribe("r:recover-other").id(3).since(4, "not-the-epoch"));
            assertThat(late.next("subscribed").path("recovered").asBoolean()).isFalse();
        }
    }

    @Test
    void noPubSubSubscriptionIsLeftAfterSubscribeUnsubscribeChurn() {
        try (WsClient c = WsClient.connect(a.port()); WsClient d = WsClient.connect(b.port())) {
            c.next("welcome");
            d.next("welcome");
            for (int i = 0; i < 200; i++) {
                String channel = "r:churn" + (i % 7);
                c.send(Frames.subscribe(channel).id(i));
                d.send(Frames.subscribe(channel).id(i));
                // Strictly the next frame: an error (say, unavailable right after an outage) is a failure here.
                expect(c, "subscribed", "node a's answer to subscribe " + i);
                expect(d, "subscribed", "node b's answer to subscribe " + i);
                c.send(Frames.unsubscribe(channel).id(i));
                d.send(Frames.unsubscribe(channel).id(i));
                expect(c, "unsubscribed", "node a's answer to unsubscribe " + i);
                expect(d, "unsubscribed", "node b's answer to unsubscribe " + i);
            }
        }
        await("no pub/sub channel of the churned channels left in Redis").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(String.valueOf(redis.call("PUBSUB", "CHANNELS", "sb:{r:churn*")))
                        .isEqualTo("[]"));
    }

    @Test
    void anOutageIsAnsweredPromptlyAndEverythingResumes() throws Exception {
        try (WsClient publisher = WsClient.connect(a.port()); WsClient subscriber = WsClient.connect(b.port())) {
            publisher.next("welcome");
            subscriber.next("welcome");
            subscriber.send(Frames.subscribe("r:outage").id(1));
            subscriber.next("subscribed");
            publisher.send(Frames.publish("r:outage", Frames.object("n", 1)).id(1));
            assertThat(subscriber.next("message").path("offset").asLong()).isEqualTo(1);

            redis.stop();
            try {
                refusedWhileRedisIsAway(publisher);
            } finally {
                redis.start();
            }
            await("readiness UP within 30 s of Redis's return").atMost(Duration.ofSeconds(30))
                    .until(() -> status(a, "/health/ready") == 200 && status(b, "/health/ready") == 200);
            // Ready means ready: the first requests after it are served (Redis forgot its scripts when it
            // restarted, and its NOSCRIPT answers must not trip the circuit breaker).
            assertThat(publishOverHttp(a, "{\"n\":4}").statusCode()).as("the first publish once ready")
                    .isEqualTo(201);
            for (StandaloneHub node : new StandaloneHub[] {a, b}) {
                try (WsClient late = WsClient.connect(node.port())) {
                    late.next("welcome");
                    for (int i = 0; i < 5; i++) {
                        late.send(Frames.subscribe("r:after" + i).id(i));
                    }
                    for (int i = 0; i < 5; i++) {
                        expect(late, "subscribed", "a subscribe right after the outage, on port " + node.port());
                    }
                }
            }
            JsonNode next = subscriber.next("message");
            assertThat(next.path("offset").asLong()).as("the refused publishes never happened").isEqualTo(2);
            assertThat(next.path("data").path("n").asInt()).isEqualTo(4);
        }
    }

    @Test
    void whenRedisLosesItsDataEpochsChangeAndRecoveryIsRefused() throws Exception {
        String epoch;
        try (WsClient publisher = WsClient.connect(a.port()); WsClient live = WsClient.connect(b.port())) {
            publisher.next("welcome");
            live.next("welcome");
            live.send(Frames.subscribe("r:lost").id(1));
            epoch = live.next("subscribed").path("epoch").asText();
            for (int n = 1; n <= 3; n++) {
                publisher.send(Frames.publish("r:lost", Frames.object("n", n)).id(n));
                publisher.next("published");
            }
            for (int n = 1; n <= 3; n++) {
                assertThat(live.next("message").path("offset").asLong()).isEqualTo(n);
            }

            redis.stop();
            redis.wipeData();
            redis.start();
            await("readiness UP after Redis came back empty").atMost(Duration.ofSeconds(30))
                    .until(() -> status(a, "/health/ready") == 200 && status(b, "/health/ready") == 200);
            await("publishes accepted again").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                publisher.send(Frames.publish("r:lost", Frames.object("n", 4)).id(4));
                return publisher.next().path("type").asText().equals("published");
            });
            JsonNode next = live.next("message");
            assertThat(next.path("epoch").asText()).as("a new epoch, offsets from 1").isNotEqualTo(epoch);
            assertThat(next.path("offset").asLong()).isEqualTo(1);
        }
        try (WsClient late = WsClient.connect(b.port())) {
            late.next("welcome");
            late.send(Frames.subscribe("r:lost").id(1).since(3, epoch));
            JsonNode subscribed = late.next("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).as("never the wrong messages").isFalse();
            assertThat(subscribed.path("epoch").asText()).isNotEqualTo(epoch);
        }
    }

    private static void refusedWhileRedisIsAway(WsClient publisher) throws Exception {
        await("readiness DOWN within 5 s").atMost(Duration.ofSeconds(5))
                .until(() -> status(a, "/health/ready") == 503 && status(b, "/health/ready") == 503);
        EngineChecks.refusedAsUnavailable(publisher, Frames.publish("r:outage", Frames.object("n", 2)), 2);
        assertThat(publishOverHttp(b, "{\"n\":3}").statusCode()).isEqualTo(503);
        long call = System.nanoTime();
        assertThatThrownBy(() -> a.bean(Hub.class).publish("r:outage", "{\"n\":5}"))
                .as("Hub.publish throws, promptly").isInstanceOf(EngineUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - call)).isLessThan(Duration.ofSeconds(5));
        assertThat(status(a, "/health/live")).isEqualTo(200);
        for (int n = 10; n < 16; n++) {
            // Several refusals in a row, as a busy node sees: its circuit breaker opens, and must close again.
            publisher.send(Frames.publish("r:outage", Frames.object("n", n)).id(n));
            expect(publisher, "error", "publish " + n + " while Redis is away");
            assertThat(publishOverHttp(b, "{\"n\":" + n + "}").statusCode()).isEqualTo(503);
        }
    }

    /** Takes the client's next frame, whatever it is, and fails showing it unless it has this type. */
    private static void expect(WsClient client, String type, String what) {
        JsonNode frame = client.next();
        assertThat(frame.path("type").asText()).as("%s: %s", what, frame).isEqualTo(type);
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    private static int status(StandaloneHub hub, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpResponse<String> publishOverHttp(StandaloneHub hub, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port()
                + "/api/v1/channels/r:outage/messages")).header("Authorization", "Bearer k")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
