package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.ClusterExtension;
import dev.switchboard.testing.ClusterExtension.Backend;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubProcess;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.SequencePublisher;
import dev.switchboard.testing.Subscribers;
import dev.switchboard.testing.WsClient;

/**
 * Three hub nodes on one redis-server (with an append-only file) behind haproxy, when things fail: Redis stopped
 * for 5 s in the middle of a stream (publishes refused loudly, readiness DOWN and UP, every acknowledged message
 * delivered once, no refused one ever), presence after a node's death, and no Redis pub/sub subscription left
 * behind by subscribe/unsubscribe churn.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOutageIT {

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(Backend.REDIS, 3, ClusterSettings.test());

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    @Test
    @Order(1)
    void aRedisOutageRefusesPublishesLoudlyAndLosesNoAcknowledgedOne() throws InterruptedException {
        String channel = "outage:stream";
        RedisServer redis = CLUSTER.redis();
        try (Subscribers subscribers = new Subscribers();
                WsClient wsPublisher = WsClient.connect(CLUSTER.node(1).port())) {
            subscribers.add(30, CLUSTER.balancedWebSocket(), channel).awaitSubscribed(WAIT);
            try (SequencePublisher publisher = SequencePublisher.start(CLUSTER.node(0).http("/"), channel,
                    1_000_000, Duration.ofMillis(5))) {
                await("a stream flowing").atMost(WAIT).until(() -> publisher.acknowledgedCount() >= 200);

                long stopped = System.nanoTime();
                redis.stop();
                long gone = System.nanoTime();
                awaitReadiness(503, Duration.ofSeconds(8), "DOWN within about 5 s of Redis stopping");
                long asked = System.nanoTime();
                assertThat(publishOverWebSocket(wsPublisher, channel).path("code").asText())
                        .as("a WebSocket publish while Redis is down").isEqualTo("unavailable");
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("refused promptly")
                        .isLessThan(Duration.ofSeconds(5));
                await("a REST publish refused with 503").atMost(WAIT).until(() -> !publisher.refused().isEmpty());
                long left = OUTAGE.toNanos() - (System.nanoTime() - stopped);
                if (left > 0) {
                    Thread.sleep(left / 1_000_000); // the outage lasts 5 s, as the scenario says
                }

                redis.start();
                long ackedAtRestart = publisher.acknowledgedCount();
                awaitReadiness(200, WAIT, "UP within 30 s of Redis returning");
                await("the stream flowing again").atMost(WAIT)
                        .until(() -> publisher.acknowledgedCount() >= ackedAtRestart + 200);
                publisher.close();

                assertThat(publisher.unexpected()).as("never a hang, a 500 or a 429").isEmpty();
                assertThat(publisher.slowestRefusalMillis()).as("refused promptly").isLessThan(5_000);
                // A publish under way while Redis shut down may have run without its reply reaching the hub, which
                // then refused it: its outcome is unknown (docs/cluster.md, "Guarantees"); one at most, in flight.
                long[] inDoubt = publisher.refusedDuring(stopped, gone);
                assertThat(inDoubt.length).as("publishes in doubt").isLessThanOrEqualTo(1);
                subscribers.assertEachReceivedExactly(channel, publisher.acknowledged(), inDoubt,
                        Duration.ofSeconds(60));
            }
        }
    }

    private static void awaitReadiness(int status, Duration atMost, String what) {
        for (HubProcess node : CLUSTER.nodes()) {
            await(node.name() + " readiness " + status + ": " + what).atMost(atMost)
                    .pollInterval(Duration.ofMillis(200)).until(() -> node.readiness() == status);
        }
    }

    /** @return the reply to one publish over WebSocket, which must come within a few seconds */
    private static JsonNode publishOverWebSocket(WsClient client, String channel) {
        client.send(Frames.publish(channel, Frames.object("seq", -1)).id("ws"));
        JsonNode reply = client.next();
        while (!reply.path("id").asText().equals("ws")) {
            reply = client.next();
        }
        return reply;
    }

    @Test
    @Order(2)
    void presenceForgetsAKilledNodesUsersWithinTheTtl() {
        String channel = "room:presence";
        HubProcess victim = CLUSTER.node(2);
        try (WsClient watcher = WsClient.connect(CLUSTER.node(0).port());
                WsClient leaving = WsClient.connect(victim.port())) {
            String user = leaving.next("welcome").get("user").asText();
            leaving.send(Frames.subscribe(channel).id(1));
            leaving.next("subscribed");
            await("presence on node 1 shows the user on node 3").atMost(Duration.ofSeconds(5))
                    .until(() -> presence(watcher, channel).contains(user));

            long killed = System.nanoTime();
            victim.kill9();
            await("presence forgets the dead node's user within presence.ttl.seconds (5) and a sweep")
                    .atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(250))
                    .until(() -> !presence(watcher, channel).contains(user));
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(12));
        } finally {
            if (!victim.isAlive()) {
                victim.restart();
            }
        }
    }

    private static List<String> presence(WsClient client, String channel) {
        client.send(Frames.presence(channel).id("p"));
        JsonNode reply = client.next("presence");
        List<String> users = new ArrayList<>();
        reply.get("users").forEach(u -> users.add(u.asText()));
        return users;
    }

    @Test
    @Order(3)
    void subscribeUnsubscribeChurnLeavesNoRedisSubscriptionBehind() {
        int cycles = 10_000;
        int channels = 50;
        List<WsClient> churners = new ArrayList<>();
        try {
            for (HubProcess node : CLUSTER.nodes()) {
                WsClient churner = WsClient.connect(node.port());
                churner.next("welcome");
                churners.add(churner);
            }
            churners.get(0).send(Frames.subscribe("churn:probe").id("probe"));
            churners.get(0).next("subscribed");
            await("a node subscribes in Redis for its first local subscriber").atMost(WAIT)
                    .until(() -> !redisChannels("*churn:probe*").isEmpty());
            // The engine's name for a channel's Redis pub/sub channel, whatever its prefix and hash tag.
            String redisName = String.valueOf(redisChannels("*churn:probe*").get(0));
            churners.get(0).send(Frames.unsubscribe("churn:probe").id("probe"));
            churners.get(0).next("unsubscribed");
            await("the node unsubscribes in Redis when its last local subscriber leaves").atMost(WAIT)
                    .until(() -> redisChannels("*churn:probe*"), List::isEmpty);

            Churn.run(churners, cycles, channels);
            Churn.dropWhileSubscribed(CLUSTER.nodes(), channels);

            await("no Redis pub/sub channel of the churned channels left").atMost(WAIT)
                    .until(() -> redisChannels("*churn:*"), List::isEmpty);
            assertThat(numsub(redisName, channels)).as("PUBSUB NUMSUB of each churned channel, like " + redisName)
                    .hasSize(channels).allMatch(Predicate.isEqual(0L));
        } finally {
            churners.forEach(WsClient::close);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> redisChannels(String pattern) {
        return (List<Object>) CLUSTER.redis().call("PUBSUB", "CHANNELS", pattern);
    }

    /** @return the subscriber counts Redis reports for each churned channel's pub/sub channel */
    @SuppressWarnings("unchecked")
    private static List<Long> numsub(String probeRedisName, int channels) {
        List<String> command = new ArrayList<>(List.of("PUBSUB", "NUMSUB"));
        for (int i = 0; i < channels; i++) {
            command.add(probeRedisName.replace("churn:probe", Churn.channel(i)));
        }
        List<Object> reply = (List<Object>) CLUSTER.redis().call(command.toArray(String[]::new));
        List<Long> counts = new ArrayList<>();
        for (int i = 1; i < reply.size(); i += 2) {
            counts.add((Long) reply.get(i));
        }
        return counts;
    }
}
