package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.WsClient;

/** History and recovery as a client sees them, the same check for every engine and runtime. */
final class RecoveryCheck {

    private RecoveryCheck() {
    }

    /**
     * Publishes 1..10 on a fresh {@code channel}; {@code late} reads history since 7 (8..10), subscribes since 4 in
     * that epoch (recovered, replay 5..10) and then gets the live 11.
     */
    static void historyThenRecoveryThenLive(WsClient publisher, WsClient late, String channel) {
        for (int n = 1; n <= 10; n++) {
            publisher.send(Frames.publish(channel, Frames.object("n", n)).id(n));
            assertThat(publisher.next("published").path("offset").asLong()).isEqualTo(n);
        }
        late.send(Frames.history(channel).id(1).since(7));
        JsonNode history = late.next("history");
        assertThat(history.path("messages")).hasSize(3);
        assertThat(history.path("messages").get(0).path("offset").asLong()).isEqualTo(8);
        String epoch = history.path("epoch").asText();

        late.send(Frames.subscribe(channel).id(2).since(4, epoch));
        JsonNode subscribed = late.next("subscribed");
        assertThat(subscribed.path("recovered").asBoolean()).isTrue();
        assertThat(subscribed.path("offset").asLong()).isEqualTo(10);
        List<Long> replayed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            replayed.add(late.next("message").path("offset").asLong());
        }
        assertThat(replayed).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        publisher.send(Frames.publish(channel, Frames.object("n", 11)).id(11));
        assertThat(late.next("message").path("offset").asLong()).isEqualTo(11);
    }
}
