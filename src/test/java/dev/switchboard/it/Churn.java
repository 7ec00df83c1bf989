package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubProcess;
import dev.switchboard.testing.WsClient;

/** Subscribe/unsubscribe churn over the channels {@code churn:0}… for the subscription-leak scenario. */
final class Churn {

    private Churn() {
    }

    static String channel(int index) {
        return "churn:" + index;
    }

    /**
     * Runs {@code cycles} subscribe/unsubscribe cycles in all, spread over the churners (one per node, so that the
     * nodes churn the same channels at once): each churner subscribes to the {@code channels} channels at once,
     * then, once subscribed, unsubscribes from them at once. Every reply must be the expected one.
     */
    static void run(List<WsClient> churners, int cycles, int channels) {
        int done = 0;
        while (done < cycles) {
            List<Integer> sizes = new ArrayList<>();
            for (WsClient churner : churners) {
                int size = Math.min(channels, cycles - done);
                sizes.add(size);
                done += size;
                sendAll(churner, size, true);
            }
            awaitAll(churners, sizes, "subscribed");
            for (int c = 0; c < churners.size(); c++) {
                sendAll(churners.get(c), sizes.get(c), false);
            }
            awaitAll(churners, sizes, "unsubscribed");
        }
    }

    private static void sendAll(WsClient churner, int size, boolean subscribe) {
        for (int i = 0; i < size; i++) {
            churner.send(subscribe ? Frames.subscribe(channel(i)).id(i) : Frames.unsubscribe(channel(i)).id(i));
        }
    }

    private static void awaitAll(List<WsClient> churners, List<Integer> sizes, String type) {
        for (int c = 0; c < churners.size(); c++) {
            for (int i = 0; i < sizes.get(c); i++) {
                JsonNode reply = churners.get(c).next();
                assertThat(reply.path("type").asText()).as("reply %s", reply).isEqualTo(type);
            }
        }
    }

    /** Opens ten connections per node that subscribe to every churn channel and then drop without a close. */
    static void dropWhileSubscribed(List<HubProcess> nodes, int channels) {
        for (HubProcess node : nodes) {
            for (int connection = 0; connection < 10; connection++) {
                WsClient client = WsClient.connect(node.port());
                for (int i = 0; i < channels; i++) {
                    client.send(Frames.subscribe(channel(i)).id(i));
                }
                for (int i = 0; i < channels; i++) {
                    assertThat(client.next("subscribed").get("channel").asText()).isEqualTo(channel(i));
                }
                client.abort();
            }
        }
    }
}
