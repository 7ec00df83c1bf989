package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.testing.ClusterExtension;
import dev.switchboard.testing.ClusterExtension.Backend;
import dev.switchboard.testing.HubProcess;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.SequencePublisher;
import dev.switchboard.testing.Subscribers;

/**
 * Three hub nodes on a Redis Cluster of three masters ({@code redis.cluster.nodes}), behind haproxy: channels
 * whose slots lie on every master deliver across nodes, and survive a node killed with -9, exactly once and in
 * order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterIT {

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(Backend.REDIS_CLUSTER, 3, ClusterSettings.test());

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int CHANNELS_PER_MASTER = 2;

    @Test
    @Order(1)
    void channelsOnEveryMasterDeliverAcrossNodes() {
        List<String> channels = channelsOnEveryMaster("slots:a");
        int messages = 100;
        try (Subscribers subscribers = new Subscribers()) {
            for (String channel : channels) {
                for (HubProcess node : CLUSTER.nodes()) {
                    subscribers.add(1, node.webSocket(), channel);
                }
            }
            subscribers.awaitSubscribed(WAIT);
            List<SequencePublisher> publishers = new ArrayList<>();
            try {
                for (int i = 0; i < channels.size(); i++) {
                    HubProcess node = CLUSTER.node(i % 3);
                    publishers.add(SequencePublisher.start(node.http("/"), channels.get(i), messages,
                            Duration.ZERO));
                }
                for (int i = 0; i < channels.size(); i++) {
                    publishers.get(i).awaitDone(WAIT);
                    assertThat(publishers.get(i).unexpected()).isEmpty();
                    assertThat(publishers.get(i).refused()).as("publishes refused by a ready node").isEmpty();
                    subscribers.assertEachReceivedExactly(channels.get(i), Subscribers.oneTo(messages), WAIT);
                }
            } finally {
                publishers.forEach(SequencePublisher::close);
            }
            assertThat(subscribers.all()).as("a ready node serves subscribes on every master")
                    .allSatisfy(s -> assertThat(s.refusedSubscribes()).as("%s", s).isZero());
        }
        for (RedisServer master : CLUSTER.redisCluster().nodes()) {
            assertThat((Long) master.call("DBSIZE")).as("keys on master %d", master.port()).isPositive();
        }
    }

    @Test
    @Order(2)
    void channelsOnEveryMasterRecoverAfterANodeIsKilled() {
        List<String> channels = channelsOnEveryMaster("slots:b");
        int messages = 500;
        HubProcess victim = CLUSTER.node(2);
        try (Subscribers subscribers = new Subscribers()) {
            for (String channel : channels) {
                subscribers.add(15, CLUSTER.balancedWebSocket(), channel);
            }
            subscribers.awaitSubscribed(Duration.ofSeconds(60));
            List<SequencePublisher> publishers = new ArrayList<>();
            try {
                for (String channel : channels) {
                    publishers.add(SequencePublisher.start(CLUSTER.node(0).http("/"), channel, messages,
                            Duration.ofMillis(2)));
                }
                await("a fifth of each stream published").atMost(WAIT).until(() -> publishers.stream()
                        .allMatch(p -> p.acknowledgedCount() >= messages / 5));
                victim.kill9();
                for (int i = 0; i < channels.size(); i++) {
                    publishers.get(i).awaitDone(Duration.ofSeconds(60));
                    assertThat(publishers.get(i).unexpected()).isEmpty();
                    subscribers.assertEachReceivedExactly(channels.get(i), Subscribers.oneTo(messages), WAIT);
                }
            } finally {
                publishers.forEach(SequencePublisher::close);
            }
            assertThat(subscribers.all().stream().filter(s -> s.connections() > 1).count())
                    .as("subscribers of the killed node reconnected").isPositive();
        } finally {
            if (!victim.isAlive()) {
                victim.restart();
            }
        }
    }

    /** @return channel names starting with {@code prefix}, two whose hash slot lies on each master */
    private static List<String> channelsOnEveryMaster(String prefix) {
        Map<Integer, Integer> perMaster = new HashMap<>();
        List<String> channels = new ArrayList<>();
        for (int i = 0; channels.size() < CHANNELS_PER_MASTER * 3; i++) {
            String channel = prefix + i;
            int port = CLUSTER.redisCluster().nodeFor(channel).port();
            if (perMaster.merge(port, 1, Integer::sum) <= CHANNELS_PER_MASTER) {
                channels.add(channel);
            }
        }
        return channels;
    }
}
