package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.ClientFrame;
import dev.switchboard.testing.WsClient;

/** What a client sees of a channel engine, the same check for every engine test and runtime. */
final class EngineChecks {

    private EngineChecks() {
    }

    /**
     * Reads the next {@code count} {@code message} frames on {@code client}, each of them in {@code epoch}.
     *
     * @return their offsets, in the order they came
     */
    static List<Long> offsetsInEpoch(WsClient client, int count, String epoch) {
        List<Long> offsets = new ArrayList<>();
        while (offsets.size() < count) {
            JsonNode m = client.next("message");
            assertThat(m.path("epoch").asText()).isEqualTo(epoch);
            offsets.add(m.path("offset").asLong());
        }
        return offsets;
    }

    /**
     * Sends {@code publish} (with request id {@code id}) while the engine is unavailable: it is refused with an
     * {@code error} {@code unavailable} that echoes the id, within 5 s.
     */
    static void refusedAsUnavailable(WsClient client, ClientFrame publish, int id) {
        long start = System.nanoTime();
        client.send(publish.id(id));
        JsonNode refused = client.next("error");
        assertThat(refused.path("code").asText()).isEqualTo("unavailable");
        assertThat(refused.path("id").asInt()).isEqualTo(id);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
