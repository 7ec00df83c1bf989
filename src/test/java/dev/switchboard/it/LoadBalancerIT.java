package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.testing.ClusterExtension;
import dev.switchboard.testing.ClusterExtension.Backend;
import dev.switchboard.testing.Haproxy;
import dev.switchboard.testing.HubProcess;
import dev.switchboard.testing.WsClient;

/**
 * The cluster's load balancer as users run it: haproxy with the sample {@code conf/haproxy.cfg} in front of three
 * hub nodes (separate JVMs, in-memory engine: this proves the plumbing, ClusterIT proves Redis). Connections are
 * spread round robin; a node killed with -9 is skipped at once and gets connections again once it is back.
 */
class LoadBalancerIT {

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(Backend.MEMORY, 3);

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void connectionsAreSpreadOverTheNodesAndAKilledNodeIsSkippedUntilItIsBack() {
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                clients.add(welcomed(WsClient.connect(CLUSTER.haproxy().port())));
            }
            for (HubProcess node : CLUSTER.nodes()) {
                await(node.name() + " holding 2 of 6 connections").atMost(WAIT)
                        .until(() -> node.metrics().value("switchboard_connections") == 2);
            }

            HubProcess victim = CLUSTER.node(2);
            victim.kill9();
            assertThat(victim.readiness()).as("a killed node answers nothing").isEqualTo(-1);
            // Right after the kill haproxy still counts the node up: redispatch sends the retry elsewhere.
            for (int i = 0; i < 6; i++) {
                clients.add(welcomed(WsClient.connect(CLUSTER.haproxy().port())));
            }
            await("the survivors holding their 4 connections and the 6 new ones").atMost(WAIT)
                    .until(() -> CLUSTER.node(0).metrics().value("switchboard_connections")
                            + CLUSTER.node(1).metrics().value("switchboard_connections") == 10);

            victim.restart();
            await("the restarted node getting connections through haproxy again").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        clients.add(welcomed(WsClient.connect(CLUSTER.haproxy().port())));
                        return victim.metrics().value("switchboard_connections") > 0;
                    });
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void theSampleConfigurationIsValidAsShipped() {
        assertThat(Haproxy.check(Haproxy.SAMPLE)).contains("Configuration file is valid");
    }

    private static WsClient welcomed(WsClient client) {
        assertThat(client.next().get("type").asText()).isEqualTo("welcome");
        return client;
    }
}
