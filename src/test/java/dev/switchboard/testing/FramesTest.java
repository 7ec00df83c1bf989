package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The frame builder writes exactly the JSON docs/protocol.md shows, and the parser reads the hub's replies. */
class FramesTest {

    @Test
    void requestsRenderInTheProtocolsFieldOrder() {
        assertThat(Frames.subscribe("chat:lobby").id(1).json())
                .isEqualTo("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"chat:lobby\"}");
        assertThat(Frames.subscribe("rec:basic").id(1).since(4, "e-1").json())
                .isEqualTo("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"rec:basic\",\"since\":4,\"epoch\":\"e-1\"}");
        assertThat(Frames.unsubscribe("a").id(13).json())
                .isEqualTo("{\"type\":\"unsubscribe\",\"id\":13,\"channel\":\"a\"}");
        assertThat(Frames.publish("chat:lobby", Frames.object("text", "hi")).id("p1").json()).isEqualTo(
                "{\"type\":\"publish\",\"id\":\"p1\",\"channel\":\"chat:lobby\",\"data\":{\"text\":\"hi\"}}");
        assertThat(Frames.publish("c", 1).json()).isEqualTo("{\"type\":\"publish\",\"channel\":\"c\",\"data\":1}");
        assertThat(Frames.history("h").id(4).since(2).limit(2).json())
                .isEqualTo("{\"type\":\"history\",\"id\":4,\"channel\":\"h\",\"since\":2,\"limit\":2}");
        assertThat(Frames.presence("p").id(88).json()).isEqualTo("{\"type\":\"presence\",\"id\":88,\"channel\":\"p\"}");
        assertThat(Frames.ping().json()).isEqualTo("{\"type\":\"ping\"}");
        assertThat(Frames.ping().id(99)).hasToString("{\"type\":\"ping\",\"id\":99}");
    }

    @Test
    void objectsKeepTheirFieldOrderAndEscapeText() {
        assertThat(Frames.object("t", 3, "n", 7, "list", List.of(1, 2)).toString())
                .isEqualTo("{\"t\":3,\"n\":7,\"list\":[1,2]}");
        assertThat(Frames.object("text", "h\u00e9llo \"\u2713\"").toString())
                .isEqualTo("{\"text\":\"h\u00e9llo \\\"\u2713\\\"\"}");
        assertThatThrownBy(() -> Frames.object("odd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repliesParseWithTypedGetters() {
        ReceivedFrame message = ReceivedFrame.parse(
                "{\"type\":\"message\",\"channel\":\"c\",\"offset\":43,\"epoch\":\"e\",\"data\":{\"n\":1}}");
        assertThat(message.type()).isEqualTo("message");
        assertThat(message.channel()).isEqualTo("c");
        assertThat(message.offset()).isEqualTo(43);
        assertThat(message.epoch()).isEqualTo("e");
        assertThat(message.data().path("n").asInt()).isEqualTo(1);
        assertThat(message.id().isMissingNode()).isTrue();
        assertThat(ReceivedFrame.parse("{\"type\":\"error\",\"id\":7,\"code\":\"bad_request\"}").code())
                .isEqualTo("bad_request");
        assertThatThrownBy(() -> Frames.parse("not json")).isInstanceOf(AssertionError.class);
    }
}
