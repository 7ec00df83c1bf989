package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.PrometheusText;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.ServerProcess;
import dev.switchboard.testing.WsClient;

/**
 * The hub's WAR with {@code engine=redis} ({@link RedisHubWar}) in an application server, against the test's own
 * {@code redis-server}: offsets, history and recovery read from Redis, readiness following Redis, the engine's
 * own threads while deployed, and none of them left once the WAR is undeployed (a redeploy then continues the
 * channel's history in the same epoch). Mixed into {@link ContainerScenario}, in its server start.
 */
interface ContainerRedisScenario {

    String REDIS_HUB = RedisHubWar.CONTEXT;
    /** Every thread the Redis engine starts is named so (docs/architecture.md, "Threads and their owners"). */
    String ENGINE_THREADS = "switchboard-redis-";
    Duration REDIS_WAIT = Duration.ofSeconds(30);

    /** @return the server's HTTP port */
    int port();

    /** @return the running server */
    ServerProcess server();

    /** @return the Redis the WAR's engine uses */
    RedisServer redis();

    /**
     * Undeploys target/switchboard-redis.war and returns once the server has finished undeploying it.
     *
     * @return false if this server only redeploys in one step (then {@link #redeployRedisHub()} does both)
     */
    boolean undeployRedisHub();

    /** Deploys target/switchboard-redis.war again (undeploying it first if it is deployed); returns at once. */
    void redeployRedisHub();

    private URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + port() + REDIS_HUB + path);
    }

    private WsClient connect() {
        WsClient c = WsClient.connect(uri("ws", "/ws"));
        c.next("welcome");
        return c;
    }

    private int redisHubReady() {
        return ServerProcess.status(uri("http", "/health/ready"));
    }

    private HttpResponse<String> restPublish(String channel, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("http", "/api/v1/channels/" + channel
                + "/messages")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> engineThreads() {
        return server().threadNames().stream().filter(n -> n.startsWith(ENGINE_THREADS)).sorted().toList();
    }

    @Test
    @Order(20)
    default void theRedisEngineNumbersMessagesInOneOrderForEverySubscriber() throws Exception {
        assertThat(redisHubReady()).as("ready: Redis answers").isEqualTo(200);
        try (WsClient a = connect(); WsClient b = connect(); WsClient publisher = connect()) {
            a.send(Frames.subscribe("itredis:order").id(1));
            b.send(Frames.subscribe("itredis:order").id(1));
            JsonNode subA = a.next("subscribed");
            JsonNode subB = b.next("subscribed");
            assertThat(subA.path("offset").asLong()).isZero();
            assertThat(subB.path("epoch").asText()).as("one epoch from first use").isNotEmpty()
                    .isEqualTo(subA.path("epoch").asText());
            for (int n = 1; n <= 20; n++) {
                publisher.send(Frames.publish("itredis:order", Frames.object("n", n)).id(n));
                assertThat(publisher.next("published").path("offset").asLong()).isEqualTo(n);
            }
            HttpResponse<String> rest = restPublish("itredis:order", "{\"n\":21}");
            assertThat(rest.statusCode()).as(rest.body()).isEqualTo(201);
            assertThat(Frames.parse(rest.body()).path("offset").asLong()).isEqualTo(21);
            for (WsClient c : List.of(a, b)) {
                List<Long> offsets = EngineChecks.offsetsInEpoch(c, 21, subA.path("epoch").asText());
                assertThat(offsets).as("1..21 once each, in order").containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, 21).boxed().toList());
            }
        }
        String metrics = ServerProcess.status(uri("http", "/metrics")) == 200 ? HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri("http", "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body() : "";
        assertThat(PrometheusText.parse(metrics).value("switchboard_redis_up")).isEqualTo(1.0);
    }

    @Test
    @Order(21)
    default void historyAndRecoveryReadRedis() {
        try (WsClient publisher = connect(); WsClient late = connect()) {
            RecoveryCheck.historyThenRecoveryThenLive(publisher, late, "itredis:recover");
        }
    }

    @Test
    @Order(22)
    default void whileRedisIsAwayPublishesAreRefusedAndTheHubIsNotReady() throws Exception {
        try (WsClient c = connect()) {
            redis().stop();
            await("readiness DOWN once Redis is gone").atMost(REDIS_WAIT).until(() -> redisHubReady() == 503);
            c.send(Frames.publish("itredis:outage", Frames.object("n", 1)).id(1));
            assertThat(c.next("error").path("code").asText()).isEqualTo("unavailable");
            assertThat(restPublish("itredis:outage", "{\"n\":1}").statusCode()).isEqualTo(503);
            redis().start();
            await("readiness UP once Redis is back").atMost(REDIS_WAIT).until(() -> redisHubReady() == 200);
            await("a publish succeeds again").atMost(REDIS_WAIT).until(() ->
                    restPublish("itredis:outage", "{\"n\":2}").statusCode() == 201);
            assertThat(c.isClosed()).as("the connection outlived the outage").isFalse();
        }
    }

    @Test
    @Order(23)
    default void theEngineRunsItsOwnNamedThreadsWhileDeployed() {
        List<String> threads = engineThreads();
        System.out.printf("%s: the Redis engine's threads: %s%n", getClass().getSimpleName(), threads);
        assertThat(threads).contains("switchboard-redis-health-1", "switchboard-redis-delivery-1")
                .anyMatch(n -> n.startsWith("switchboard-redis-lettuce-nioEventLoop-"));
    }

    @Test
    @Order(90)
    default void undeployingEndsEveryEngineThreadAndARedeployContinuesTheHistory() throws Exception {
        HttpResponse<String> before = restPublish("itredis:redeploy", "{\"n\":1}");
        assertThat(before.statusCode()).isEqualTo(201);
        String epoch = Frames.parse(before.body()).path("epoch").asText();
        if (undeployRedisHub()) {
            await("no switchboard-redis-* thread left after the undeploy").atMost(REDIS_WAIT)
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(engineThreads()).isEmpty());
        }
        redeployRedisHub();
        await("the redeployed hub ready").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> redisHubReady() == 200);
        HttpResponse<String> after = restPublish("itredis:redeploy", "{\"n\":2}");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
        assertThat(Frames.parse(after.body()).path("offset").asLong()).as("the history lives in Redis")
                .isEqualTo(2);
        assertThat(Frames.parse(after.body()).path("epoch").asText()).isEqualTo(epoch);
        // The old engine's threads would carry the same names: each name once means none was left behind.
        await("the old engine's threads gone, the new one's running").atMost(REDIS_WAIT)
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(engineThreads())
                        .containsOnlyOnce("switchboard-redis-health-1", "switchboard-redis-delivery-1")
                        .doesNotHaveDuplicates());
    }
}
