package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class JsonCodecTest {

    private final JsonCodec codec = new JsonCodec();

    @Test
    void parsesEveryRequestType() throws Exception {
        assertThat(codec.parseRequest("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"a:b\",\"since\":4,\"epoch\":\"e\"}"))
                .isInstanceOfSatisfying(Request.Subscribe.class, s -> {
                    assertThat(s.id().asInt()).isEqualTo(1);
                    assertThat(s.channel()).isEqualTo("a:b");
                    assertThat(s.since()).isEqualTo(4L);
                    assertThat(s.epoch()).isEqualTo("e");
                });
        assertThat(codec.parseRequest("{\"type\":\"publish\",\"channel\":\"a\",\"data\":{\"x\":[1, 2]}}"))
                .isInstanceOfSatisfying(Request.Publish.class, p -> assertThat(p.data()).isEqualTo("{\"x\":[1,2]}"));
        assertThat(codec.parseRequest("{\"type\":\"publish\",\"channel\":\"a\",\"data\":null}"))
                .isInstanceOfSatisfying(Request.Publish.class, p -> assertThat(p.data()).isEqualTo("null"));
        assertThat(codec.parseRequest("{\"type\":\"history\",\"channel\":\"a\"}"))
                .isInstanceOfSatisfying(Request.History.class, h -> {
                    assertThat(h.since()).isZero();
                    assertThat(h.limit()).isEqualTo(100);
                });
        assertThat(codec.parseRequest("{\"type\":\"ping\",\"id\":\"x\"}")).isInstanceOf(Request.Ping.class);
        assertThat(codec.parseRequest("{\"type\":\"presence\",\"channel\":\"a\"}")).isInstanceOf(Request.Presence.class);
        assertThat(codec.parseRequest("{\"type\":\"unsubscribe\",\"channel\":\"a\"}"))
                .isInstanceOf(Request.Unsubscribe.class);
    }

    @Test
    void badRequestsCarryTheirCodeAndId() {
        assertError("{", ErrorCode.BAD_REQUEST, null);
        assertError("\"text\"", ErrorCode.BAD_REQUEST, null);
        assertError("{\"type\":\"nope\",\"id\":3}", ErrorCode.UNKNOWN_TYPE, "3");
        assertError("{\"type\":\"subscribe\",\"id\":4,\"channel\":\"\"}", ErrorCode.INVALID_CHANNEL, "4");
        assertError("{\"type\":\"subscribe\",\"id\":5,\"channel\":\"" + "x".repeat(129) + "\"}",
                ErrorCode.INVALID_CHANNEL, "5");
        assertError("{\"type\":\"subscribe\",\"channel\":\"a\",\"since\":-1}", ErrorCode.BAD_REQUEST, null);
        assertError("{\"type\":\"subscribe\",\"channel\":\"a\",\"since\":1.5}", ErrorCode.BAD_REQUEST, null);
        assertError("{\"type\":\"subscribe\",\"channel\":\"a\",\"epoch\":7}", ErrorCode.BAD_REQUEST, null);
        assertError("{\"type\":\"history\",\"channel\":\"a\",\"limit\":1001}", ErrorCode.BAD_REQUEST, null);
        assertError("[" .repeat(100) + "]".repeat(100), ErrorCode.BAD_REQUEST, null);
    }

    private void assertError(String frame, ErrorCode code, String id) {
        assertThatThrownBy(() -> codec.parseRequest(frame)).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).as(frame).isEqualTo(code);
            assertThat(e.requestId() == null ? null : e.requestId().asText()).as(frame).isEqualTo(id);
        });
    }

    @Test
    void messageFrameEmbedsDataVerbatimAndEscapesStrings() throws Exception {
        String frame = codec.message("a", 7, "ep", "{\"k\":\"v\"}", "us\"er", 0L);
        JsonNode node = codec.readTree(frame);
        assertThat(node.path("type").asText()).isEqualTo("message");
        assertThat(node.path("offset").asLong()).isEqualTo(7);
        assertThat(node.path("data").path("k").asText()).isEqualTo("v");
        assertThat(node.path("from").asText()).isEqualTo("us\"er");
        assertThat(node.path("time").asText()).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void historyEmbedsMessageFramesAndOmitsTypeForHttp() throws Exception {
        ChannelMessage m = new ChannelMessage("a", 1, "ep", "u", 0,
                OutboundFrame.of(codec.message("a", 1, "ep", "1", "u", 0)));
        JsonNode ws = codec.readTree(codec.history("history", codec.readTree("9"), "a", "ep", List.of(m), true));
        assertThat(ws.path("type").asText()).isEqualTo("history");
        assertThat(ws.path("id").asInt()).isEqualTo(9);
        assertThat(ws.path("messages").get(0).path("data").asInt()).isEqualTo(1);
        JsonNode http = codec.readTree(codec.history(null, null, "a", "ep", List.of(m), false));
        assertThat(http.has("type")).isFalse();
        assertThat(http.has("id")).isFalse();
        assertThat(http.path("recovered").asBoolean()).isFalse();
    }

    @Test
    void closeReasonsFitTheProtocolLimit() {
        assertThat(CloseCodes.all()).allSatisfy(c -> assertThat(c.reason().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(CloseCode.MAX_REASON_BYTES));
        assertThat(CloseCodes.all()).extracting(CloseCode::code).doesNotHaveDuplicates();
        assertThat(CloseCodes.byCode(4009)).contains(CloseCodes.SLOW_CONSUMER);
    }
}
