package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.RedisCluster;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.Resp;

/**
 * The cluster tests' Redis launchers do what the scenarios rely on: a restart keeps the port and, with an
 * append-only file, the data (after a graceful stop and after kill -9); without persistence it starts empty; three
 * masters form a cluster that serves every slot.
 */
class RedisServerIT {

    @Test
    void aRestartWithAnAppendOnlyFileKeepsThePortAndTheData() {
        try (RedisServer redis = RedisServer.launch(RedisServer.Persistence.AOF)) {
            int port = redis.port();
            redis.call("SET", "k", "1");
            redis.stop();
            assertThatThrownBy(() -> Resp.once(port, "PING")).isInstanceOf(UncheckedIOException.class);
            redis.start();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.call("GET", "k")).isEqualTo("1");
            redis.call("INCR", "k");
            redis.kill();
            redis.start();
            assertThat(redis.call("GET", "k")).isEqualTo("2");
            redis.stop();
            redis.wipeData();
            redis.start();
            assertThat(redis.call("GET", "k")).isNull();
        }
    }

    @Test
    void withoutPersistenceARestartStartsEmpty() {
        try (RedisServer redis = RedisServer.launch()) {
            redis.call("SET", "k", "1");
            redis.stop();
            redis.start();
            assertThat(redis.call("GET", "k")).isNull();
        }
    }

    @Test
    void threeMastersServeEverySlot() {
        try (RedisCluster cluster = RedisCluster.start()) {
            assertThat(String.valueOf(cluster.nodes().get(0).call("CLUSTER", "INFO")))
                    .contains("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_known_nodes:3");
            for (String key : new String[] {"a", "b", "c", "{chat}x"}) {
                RedisServer owner = cluster.nodeFor(key);
                assertThat(owner.call("SET", key, "v")).isEqualTo("OK");
            }
            assertThat(cluster.nodesSetting().split(",")).hasSize(3)
                    .allMatch(node -> node.matches("redis://127\\.0\\.0\\.1:\\d+"));
        }
    }
}
