package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonCodecTest {

    private final JsonCodec codec = new JsonCodec();
    private final ObjectMapper json = new ObjectMapper();

    /** @return the id of a request that carried {@code json} as its {@code id}, as the parser reads it */
    private RequestId id(String json) throws ProtocolException {
        return codec.parseRequest("{\"type\":\"ping\",\"id\":" + json + "}").id();
    }

    private String message(String channel, long offset, String epoch, String data, String from, long timeMillis) {
        return codec.encode(new Push.Message(channel, offset, epoch, data, from, timeMillis));
    }

    @Test
    void aRefusedRequestsIdIsReadAsAFullParseReadsIt() throws ProtocolException {
        for (String id : List.of("7", "\"a-1\"", "{\"n\":[1,2,{\"x\":null}]}", "[1,\"b\"]", "1.5e3", "true")) {
            String frame = "{\"type\":\"publish\",\"channel\":\"c\",\"data\":{\"deep\":[{\"id\":0}]},\"id\":"
                    + id + "}";
            assertThat(codec.requestIdOf(frame)).as("id %s after a nested body", id).isEqualTo(id(id));
        }
        assertThat(codec.requestIdOf("{\"type\":\"ping\"}")).isEqualTo(RequestId.NONE);
        assertThat(codec.requestIdOf("{\"id\":null,\"type\":\"ping\"}")).isEqualTo(RequestId.NONE);
        assertThat(codec.requestIdOf("[{\"id\":1}]")).as("not an object").isEqualTo(RequestId.NONE);
        assertThat(codec.requestIdOf("{\"type\":\"ping\",\"id\":")).as("truncated").isEqualTo(RequestId.NONE);
        assertThat(codec.requestIdOf("not json")).isEqualTo(RequestId.NONE);
        assertThat(codec.requestIdOf("{\"id\":5,")).as("broken after the id: the id is known").isEqualTo(id("5"));
    }

    @Test
    void refreshCarriesItsTokenAndRefreshedItsExpiry() throws ProtocolException {
        Request request = codec.parseRequest("{\"type\":\"refresh\",\"id\":3,\"token\":\"a.b.c\"}");
        assertThat(request).isEqualTo(new Request.Refresh(new RequestId("3"), "a.b.c"));
        assertThat(request.toString()).as("the token stays out of any log").doesNotContain("a.b.c");
        assertThatThrownBy(() -> codec.parseRequest("{\"type\":\"refresh\",\"id\":3,\"token\":42}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("'token'")
                .satisfies(e -> assertThat(((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThat(codec.encode(new Reply.Refreshed(new RequestId("3"), 1767225600L)))
                .isEqualTo("{\"type\":\"refreshed\",\"id\":3,\"exp\":1767225600}");
    }

    @Test
    void parsesEveryRequestType() throws Exception {
        assertThat(codec.parseRequest("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"a:b\",\"since\":4,\"epoch\":\"e\"}"))
                .isInstanceOfSatisfying(Request.Subscribe.class, s -> {
                    assertThat(s.id()).isEqualTo(new RequestId("1"));
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
            assertThat(e.requestId().json()).as(frame).isEqualTo(id);
        });
    }

    @Test
    void messageFrameEmbedsDataVerbatimAndEscapesStrings() throws Exception {
        String frame = message("a", 7, "ep", "{\"k\":\"v\"}", "us\"er", 0L);
        JsonNode node = json.readTree(frame);
        assertThat(node.path("type").asText()).isEqualTo("message");
        assertThat(node.path("offset").asLong()).isEqualTo(7);
        assertThat(node.path("data").path("k").asText()).isEqualTo("v");
        assertThat(node.path("from").asText()).isEqualTo("us\"er");
        assertThat(node.path("time").asText()).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void historyEmbedsMessageFrames() throws Exception {
        ChannelMessage m = new ChannelMessage("a", 1, "ep", "u", 0,
                OutboundFrame.of(message("a", 1, "ep", "1", "u", 0)));
        JsonNode ws = json.readTree(codec.encode(new Reply.History(id("9"), "a", "ep", List.of(m), true, false)));
        assertThat(ws.path("type").asText()).isEqualTo("history");
        assertThat(ws.path("id").asInt()).isEqualTo(9);
        assertThat(ws.path("messages").get(0).path("data").asInt()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- the exact text of every frame (field order too)

    private static final long TIME = 1_764_000_000_123L;
    private static final String TIME_TEXT = "2025-11-24T16:00:00.123Z";

    @Test
    void welcomeText() {
        assertThat(codec.encode(new Reply.Welcome("s1", "anon-s1", 25, 65536)))
                .isEqualTo("{\"type\":\"welcome\",\"session\":\"s1\",\"user\":\"anon-s1\",\"heartbeatSeconds\":25,"
                        + "\"maxMessageBytes\":65536}");
    }

    @Test
    void welcomeIsTheTextAGeneratorWrites() {
        for (String user : List.of("alice", "quote\"back\\slash", "tab\tnew\nline\u0001\u001f", "é ü 🚀 \u2028",
                "</script>", "")) {
            Reply.Welcome welcome = new Reply.Welcome("s-_1", user, 30, 1);
            assertThat(codec.encode(welcome)).as(user).isEqualTo(codec.encodeWithGenerator(welcome));
        }
    }

    @Test
    void subscribedText() throws Exception {
        assertThat(codec.encode(new Reply.Subscribed(id("1"), "a:b", 42, "ep", null)))
                .isEqualTo("{\"type\":\"subscribed\",\"id\":1,\"channel\":\"a:b\",\"offset\":42,\"epoch\":\"ep\"}");
        assertThat(codec.encode(new Reply.Subscribed(id("\"x\""), "a", 0, "ep", true)))
                .isEqualTo("{\"type\":\"subscribed\",\"id\":\"x\",\"channel\":\"a\",\"offset\":0,\"epoch\":\"ep\","
                        + "\"recovered\":true}");
        assertThat(codec.encode(new Reply.Subscribed(RequestId.NONE, "a", 3, "ep", false)))
                .isEqualTo("{\"type\":\"subscribed\",\"channel\":\"a\",\"offset\":3,\"epoch\":\"ep\",\"recovered\":false}");
    }

    @Test
    void idsAreEchoedAsSentWhateverTheirJsonType() throws Exception {
        assertThat(codec.encode(new Reply.Pong(id("7")))).isEqualTo("{\"type\":\"pong\",\"id\":7}");
        assertThat(codec.encode(new Reply.Pong(id("\"r-7\"")))).isEqualTo("{\"type\":\"pong\",\"id\":\"r-7\"}");
        assertThat(codec.encode(new Reply.Pong(id("1.5")))).isEqualTo("{\"type\":\"pong\",\"id\":1.5}");
        assertThat(codec.encode(new Reply.Pong(id("12345678901234567890123"))))
                .isEqualTo("{\"type\":\"pong\",\"id\":12345678901234567890123}");
        assertThat(codec.encode(new Reply.Pong(id("true")))).isEqualTo("{\"type\":\"pong\",\"id\":true}");
        assertThat(codec.encode(new Reply.Pong(id("{ \"a\" : [1, \"b\"] }"))))
                .isEqualTo("{\"type\":\"pong\",\"id\":{\"a\":[1,\"b\"]}}");
        assertThat(codec.encode(new Reply.Pong(id("null")))).isEqualTo("{\"type\":\"pong\"}");
        assertThat(codec.encode(new Reply.Pong(RequestId.NONE))).isEqualTo("{\"type\":\"pong\"}");
    }

    @Test
    void parsedIdsAreEchoedAsSent() throws Exception {
        for (String id : new String[] {"1", "\"s\"", "-2.25", "[1,2]", "{\"k\":null}", "false"}) {
            Request request = codec.parseRequest("{\"type\":\"ping\",\"id\":" + id + "}");
            assertThat(codec.encode(new Reply.Pong(request.id()))).isEqualTo("{\"type\":\"pong\",\"id\":" + id + "}");
        }
        assertThat(codec.encode(new Reply.Pong(codec.parseRequest("{\"type\":\"ping\"}").id()))).isEqualTo("{\"type\":\"pong\"}");
    }

    @Test
    void unsubscribedAndPublishedText() throws Exception {
        assertThat(codec.encode(new Reply.Unsubscribed(id("2"), "a")))
                .isEqualTo("{\"type\":\"unsubscribed\",\"id\":2,\"channel\":\"a\"}");
        assertThat(codec.encode(new Reply.Published(id("3"), "a", 43)))
                .isEqualTo("{\"type\":\"published\",\"id\":3,\"channel\":\"a\",\"offset\":43}");
        assertThat(codec.encode(new Reply.Published(RequestId.NONE, "a", 1))).isEqualTo("{\"type\":\"published\",\"channel\":\"a\",\"offset\":1}");
    }

    @Test
    void messageAndDirectText() {
        assertThat(message("a", 7, "ep", "{\"k\":[1,\"\u00e9\"]}", "al\"ice", TIME))
                .isEqualTo("{\"type\":\"message\",\"channel\":\"a\",\"offset\":7,\"epoch\":\"ep\","
                        + "\"data\":{\"k\":[1,\"\u00e9\"]},\"from\":\"al\\\"ice\",\"time\":\"" + TIME_TEXT + "\"}");
        assertThat(codec.encode(new Push.Direct("\"hi\"", "server", TIME)))
                .isEqualTo("{\"type\":\"direct\",\"data\":\"hi\",\"from\":\"server\",\"time\":\"" + TIME_TEXT + "\"}");
    }

    @Test
    void historyText() throws Exception {
        String frame = message("a", 1, "ep", "1", "u", 0);
        ChannelMessage m = new ChannelMessage("a", 1, "ep", "u", 0, OutboundFrame.of(frame));
        assertThat(codec.encode(new Reply.History(id("4"), "a", "ep", List.of(m, m), true, false)))
                .isEqualTo("{\"type\":\"history\",\"id\":4,\"channel\":\"a\",\"epoch\":\"ep\",\"messages\":["
                        + frame + "," + frame + "],\"recovered\":true,\"more\":false}");
        assertThat(codec.encode(new Reply.History(RequestId.NONE, "a", "ep", List.of(), false, true)))
                .isEqualTo("{\"type\":\"history\",\"channel\":\"a\",\"epoch\":\"ep\",\"messages\":[],"
                        + "\"recovered\":false,\"more\":true}");
    }

    @Test
    void presenceAndPresenceEventText() throws Exception {
        assertThat(codec.encode(new Reply.Presence(id("5"), "a", List.of("alice", "bob"))))
                .isEqualTo("{\"type\":\"presence\",\"id\":5,\"channel\":\"a\",\"users\":[\"alice\",\"bob\"]}");
        assertThat(codec.encode(new Reply.Presence(RequestId.NONE, "a", List.of()))).isEqualTo("{\"type\":\"presence\",\"channel\":\"a\",\"users\":[]}");
        assertThat(codec.encode(new Push.Join("a", "alice")))
                .isEqualTo("{\"type\":\"join\",\"channel\":\"a\",\"user\":\"alice\"}");
        assertThat(codec.encode(new Push.Leave("a", "alice")))
                .isEqualTo("{\"type\":\"leave\",\"channel\":\"a\",\"user\":\"alice\"}");
    }

    @Test
    void errorText() throws Exception {
        assertThat(codec.encode(new Reply.Error(id("6"), ErrorCode.NOT_SUBSCRIBED, "Not subscribed to a")))
                .isEqualTo("{\"type\":\"error\",\"id\":6,\"code\":\"not_subscribed\",\"message\":\"Not subscribed to a\"}");
        assertThat(codec.encode(new Reply.Error(RequestId.NONE, ErrorCode.BAD_REQUEST, "Frame is not valid JSON")))
                .isEqualTo("{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"Frame is not valid JSON\"}");
    }

    @Test
    void rateLimitedErrorCarriesItsRetryHint() throws Exception {
        assertThat(codec.encode(new Reply.Error(id("7"), ErrorCode.RATE_LIMITED, "Too many messages", 20)))
                .isEqualTo("{\"type\":\"error\",\"id\":7,\"code\":\"rate_limited\","
                        + "\"message\":\"Too many messages\",\"retryAfterMs\":20}");
    }

    @Test
    void closeReasonsFitTheProtocolLimit() {
        assertThat(CloseCodes.all()).allSatisfy(c -> assertThat(c.reason().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(CloseCode.MAX_REASON_BYTES));
        assertThat(CloseCodes.all()).extracting(CloseCode::code).doesNotHaveDuplicates();
        assertThat(CloseCodes.byCode(4009)).contains(CloseCodes.SLOW_CONSUMER);
        assertThat(CloseCodes.byCode(1006)).contains(CloseCodes.ABNORMAL_CLOSURE);
    }

    @Test
    void reservedCodesAreTheOnesNothingSendsYet() {
        assertThat(CloseCodes.all()).filteredOn(CloseCode::reserved).extracting(CloseCode::code)
                .containsExactly(1000, 1006, 1008, 4503);
        assertThat(CloseCodes.all()).extracting(CloseCode::code).isSorted();
    }
}
