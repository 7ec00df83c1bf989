package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubProcess;
import dev.switchboard.testing.PrometheusText;
import dev.switchboard.testing.WsClient;

/**
 * The standalone hub's start-up warm-up ({@code warmup.connections}), on a node started as {@code scripts/run}
 * starts it: the warm-up's traffic is done and gone before the hub listens. It ran through the real paths (its
 * log line counts every delivery), it left nothing in the hub's metrics, log or threads, and the hub then serves as
 * usual.
 */
class WarmupIT {

    private HubProcess node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void warmsUpThroughEveryPathAndLeavesNoTrace() throws IOException {
        // 1,200: a full wave of 1,000 and a second of 200; 20 messages reach every connection of each wave.
        node = HubProcess.start("warmup", Map.of("warmup.connections", "1200"));

        String log = Files.readString(node.log(), StandardCharsets.UTF_8);
        assertThat(log).as("the warm-up's own line").contains("Warm-up: 1200 connections, 24000 deliveries in ");
        assertThat(log).as("no warning from the warm-up").doesNotContain("Warm-up ended early");
        assertThat(log.indexOf("Warm-up: ")).as("the warm-up comes before the hub is ready")
                .isLessThan(log.indexOf("Switchboard ready"));
        assertThat(log).as("the throwaway hub's connections are not logged").doesNotContain("Connection opened");

        PrometheusText metrics = node.metrics();
        assertThat(metrics.value("switchboard_connections_opened_total")).as("connections counted").isZero();
        assertThat(metrics.value("switchboard_messages_sent_total")).as("messages counted").isZero();
        assertThat(metrics.value("switchboard_connections")).isZero();

        List<String> threads = node.threadNames();
        assertThat(threads).as("no warm-up thread is left").noneMatch(t -> t.startsWith("switchboard-warmup"));
        try (HubProcess cold = HubProcess.start("no-warmup", Map.of())) {
            assertThat(hubThreads(threads)).as("the hub's threads after a warm-up, against a hub without one")
                    .contains("switchboard-heartbeat-#", "switchboard-reaper-#", "grizzly-nio-kernel(#) SelectorRunner")
                    .isEqualTo(hubThreads(cold.threadNames()));
        }

        try (WsClient subscriber = WsClient.connect(node.webSocket()); WsClient publisher =
                WsClient.connect(node.webSocket())) {
            subscriber.next("welcome");
            publisher.next("welcome");
            subscriber.send(Frames.subscribe("news"));
            assertThat(subscriber.next("subscribed").get("offset").asLong()).isZero();
            publisher.send(Frames.publish("news", Map.of("n", 1)));
            assertThat(subscriber.next("message").get("offset").asLong()).as("the first offset of a new channel")
                    .isEqualTo(1);
        }
        assertThat(node.metrics().value("switchboard_connections_opened_total")).isEqualTo(2);
    }

    /** The hub's own, Grizzly's, Tyrus's and Weld's threads, numbers left out (pools number on from a counter). */
    private static List<String> hubThreads(List<String> names) {
        return names.stream().filter(n -> n.matches("(?i)(switchboard|grizzly|tyrus|weld).*"))
                .map(n -> n.replaceAll("[0-9]+", "#")).sorted().toList();
    }

    @Test
    void zeroTurnsItOff() throws IOException {
        node = HubProcess.start("no-warmup", Map.of("warmup.connections", "0"));
        assertThat(Files.readString(node.log(), StandardCharsets.UTF_8)).doesNotContain("Warm-up");
    }
}
