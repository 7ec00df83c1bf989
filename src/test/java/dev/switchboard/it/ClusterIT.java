package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.ClusterExtension;
import dev.switchboard.testing.ClusterExtension.Backend;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.Haproxy;
import dev.switchboard.testing.HubProcess;
import dev.switchboard.testing.SequencePublisher;
import dev.switchboard.testing.Subscribers;
import dev.switchboard.testing.WsClient;

/**
 * Three hub nodes (separate JVMs) on one redis-server, behind haproxy running conf/haproxy.cfg, all on free ports:
 * messages cross nodes, and a node killed with -9 costs its clients a reconnection and nothing else; started again
 * with the same command, it is back in haproxy's rotation. Every message carries a seq; every subscriber checks
 * exactly-once, in-order delivery and resubscribes with since/epoch after a drop. Each scenario leaves the cluster
 * as it found it (a killed node is restarted). Outage, presence and churn: ClusterOutageIT; Redis Cluster:
 * RedisClusterIT.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(Backend.REDIS, 3, ClusterSettings.test());

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    @Order(1)
    void clientsOnDifferentNodesChatAndSeeOneOrder() {
        String channel = "chat:cross";
        int perSender = 20;
        List<WsClient> chatters = new ArrayList<>();
        try {
            List<JsonNode> subscribed = new ArrayList<>();
            for (HubProcess node : CLUSTER.nodes()) {
                WsClient chatter = WsClient.connect(node.port());
                chatters.add(chatter);
                chatter.send(Frames.subscribe(channel).id("s"));
                subscribed.add(chatter.next("subscribed"));
            }
            assertThat(subscribed).extracting(s -> s.get("epoch").asText()).as("one epoch on every node")
                    .containsOnly(subscribed.get(0).get("epoch").asText());
            assertThat(subscribed).extracting(s -> s.get("offset").asLong()).containsOnly(0L);
            for (int seq = 1; seq <= perSender; seq++) {
                for (int sender = 0; sender < chatters.size(); sender++) {
                    chatters.get(sender).send(Frames.publish(channel,
                            Frames.object("sender", sender, "seq", seq)));
                }
            }
            List<List<String>> seen = new ArrayList<>();
            for (WsClient chatter : chatters) {
                seen.add(ChatLog.read(chatter, chatters.size() * perSender, perSender, chatters.size()));
            }
            assertThat(seen.get(1)).as("node 2 saw node 1's order").isEqualTo(seen.get(0));
            assertThat(seen.get(2)).as("node 3 saw node 1's order").isEqualTo(seen.get(0));
        } finally {
            chatters.forEach(WsClient::close);
        }
    }

    @Test
    @Order(2)
    void aRestPublishOnOneNodeReachesSubscribersOnEveryNode() {
        String channel = "news:rest";
        try (Subscribers subscribers = new Subscribers()) {
            for (HubProcess node : CLUSTER.nodes()) {
                subscribers.add(2, node.webSocket(), channel);
            }
            subscribers.awaitSubscribed(WAIT);
            try (SequencePublisher publisher = SequencePublisher.start(CLUSTER.node(0).http("/"), channel, 200,
                    Duration.ZERO)) {
                publisher.awaitDone(WAIT);
                assertThat(publisher.unexpected()).isEmpty();
                assertThat(publisher.refused()).isEmpty();
                subscribers.assertEachReceivedExactly(channel, Subscribers.oneTo(200), WAIT);
            }
            assertThat(subscribers.all()).allSatisfy(s -> {
                assertThat(s.connections()).isEqualTo(1);
                assertThat(s.refusedSubscribes()).as("subscribes refused by a ready node").isZero();
            });
        }
    }

    @Test
    @Order(3)
    void aNodeKilledDuringAStreamCostsItsSubscribersAReconnectionAndNoMessage() {
        String channel = "stream:kill";
        int messages = 5_000;
        HubProcess victim = CLUSTER.node(2);
        try (Subscribers subscribers = new Subscribers()) {
            subscribers.add(300, CLUSTER.balancedWebSocket(), channel).awaitSubscribed(Duration.ofSeconds(60));
            double onVictim = victim.metrics().value("switchboard_connections");
            assertThat(onVictim).as("haproxy spread the subscribers round robin").isGreaterThanOrEqualTo(90);
            try (SequencePublisher publisher = SequencePublisher.start(CLUSTER.node(0).http("/"), channel,
                    messages, Duration.ZERO, 4)) {
                await("a fifth of the stream published").atMost(WAIT)
                        .until(() -> publisher.acknowledgedCount() >= messages / 5);
                victim.kill9();
                publisher.awaitDone(Duration.ofSeconds(120));
                assertThat(publisher.unexpected()).isEmpty();
                assertThat(publisher.refused()).isEmpty();
                assertThat(publisher.acknowledgedCount()).isEqualTo(messages);
                subscribers.assertEachReceivedExactly(channel, publisher.acknowledged(), Duration.ofSeconds(90));
            }
            long reconnected = subscribers.all().stream().filter(s -> s.connections() > 1).count();
            assertThat(reconnected).as("the killed node's subscribers reconnected").isGreaterThanOrEqualTo(
                    (long) onVictim);

            victim.restart();
            List<WsClient> probes = new ArrayList<>();
            try {
                await("the node, back on its port with the same command, getting connections through haproxy")
                        .atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                            probes.add(WsClient.connect(CLUSTER.haproxy().port()));
                            return victim.metrics().value("switchboard_connections") > 0;
                        });
            } finally {
                probes.forEach(WsClient::close);
            }
        } finally {
            if (!victim.isAlive()) {
                victim.restart();
            }
        }
    }

    @Test
    @Order(4)
    void requestsSentAtOnceAreAnsweredInOrder() {
        String channel = "chat:pipelined";
        try (WsClient client = WsClient.connect(CLUSTER.node(1).port())) {
            client.next("welcome");
            client.send(Frames.subscribe(channel).id(1));
            client.send(Frames.unsubscribe(channel).id(2));
            client.send(Frames.subscribe(channel).id(3));
            client.send(Frames.unsubscribe(channel).id(4));
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                JsonNode reply = client.next();
                replies.add(reply.path("id").asText() + " " + reply.path("type").asText());
            }
            assertThat(replies).as("requests sent at once are answered in order, as with the memory engine")
                    .containsExactly("1 subscribed", "2 unsubscribed", "3 subscribed", "4 unsubscribed");
        }
    }

    @Test
    @Order(5)
    void theSampleHaproxyConfigurationIsValidAsShipped() {
        assertThat(Haproxy.check(Haproxy.SAMPLE)).contains("Configuration file is valid");
    }
}
