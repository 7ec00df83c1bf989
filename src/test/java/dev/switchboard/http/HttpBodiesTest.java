package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.OutboundFrame;
import dev.switchboard.protocol.Push;

/** The exact text of every HTTP API body (field order too), as the API has always written it. */
class HttpBodiesTest {

    private final HttpBodies bodies = new HttpBodies();
    private final String frame = new JsonCodec().encode(new Push.Message("a", 1, "ep", "1", "u", 0));
    private final ChannelMessage message = new ChannelMessage("a", 1, "ep", "u", 0,
            OutboundFrame.of(frame));

    @Test
    void historyIsTheWebSocketReplyWithoutTypeAndId() throws Exception {
        assertThat(bodies.history("a", "ep", List.of(message), false, true)).isEqualTo(
                "{\"channel\":\"a\",\"epoch\":\"ep\",\"messages\":[" + frame + "],\"recovered\":false,\"more\":true}");
        JsonNode http = new ObjectMapper().readTree(bodies.history("a", "ep", List.of(message), true, false));
        assertThat(http.has("type")).isFalse();
        assertThat(http.has("id")).isFalse();
        assertThat(http.path("messages").get(0).path("data").asInt()).isEqualTo(1);
        assertThat(http.path("recovered").asBoolean()).isTrue();
        assertThat(http.path("more").asBoolean()).isFalse();
    }

    @Test
    void publishReceiptAndErrorText() {
        assertThat(bodies.publishReceipt("a", 9, "ep")).isEqualTo("{\"channel\":\"a\",\"offset\":9,\"epoch\":\"ep\"}");
        assertThat(bodies.error("too_large", "The body is larger than 5 bytes"))
                .isEqualTo("{\"code\":\"too_large\",\"message\":\"The body is larger than 5 bytes\"}");
    }

    @Test
    void healthText() {
        assertThat(bodies.health(true, "live"))
                .isEqualTo("{\"status\":\"UP\",\"checks\":[{\"name\":\"live\",\"status\":\"UP\"}]}");
        assertThat(bodies.health(false, "accepting-connections")).isEqualTo(
                "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"accepting-connections\",\"status\":\"DOWN\"}]}");
    }
}
