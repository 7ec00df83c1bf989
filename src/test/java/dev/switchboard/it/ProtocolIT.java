package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.WsClient;

/** The protocol as a client sees it: welcome, subscribe, publish, receive, history, presence, ping, errors. */
class ProtocolIT {

    @RegisterExtension
    static final HubExtension hub = HubExtension.withDefaults();

    @Test
    void welcomeSubscribePublishReceive() {
        try (WsClient alice = WsClient.connect(hub.port()); WsClient bob = WsClient.connect(hub.port())) {
            JsonNode welcome = alice.next();
            assertThat(welcome.path("type").asText()).isEqualTo("welcome");
            assertThat(welcome.path("session").asText()).isNotEmpty();
            assertThat(welcome.path("user").asText()).startsWith("anon-");
            assertThat(welcome.path("heartbeatSeconds").asInt()).isEqualTo(25);
            assertThat(welcome.path("maxMessageBytes").asInt()).isEqualTo(65536);
            bob.next("welcome");

            alice.send(Frames.subscribe("chat:lobby").id(1));
            JsonNode subscribed = alice.next();
            assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
            assertThat(subscribed.path("id").asInt()).isEqualTo(1);
            assertThat(subscribed.path("offset").asLong()).isZero();
            assertThat(subscribed.has("recovered")).isFalse();

            bob.send(Frames.publish("chat:lobby", Frames.object("text", "hi")).id("p1"));
            JsonNode published = bob.next("published");
            assertThat(published.path("id").asText()).isEqualTo("p1");
            assertThat(published.path("offset").asLong()).isEqualTo(1);

            JsonNode message = alice.next("message");
            assertThat(message.path("channel").asText()).isEqualTo("chat:lobby");
            assertThat(message.path("offset").asLong()).isEqualTo(1);
            assertThat(message.path("epoch").asText()).isEqualTo(subscribed.path("epoch").asText());
            assertThat(message.path("data").path("text").asText()).isEqualTo("hi");
            assertThat(message.path("from").asText()).startsWith("anon-");
            assertThat(message.path("time").asText()).endsWith("Z");
        }
    }

    @Test
    void badInputGetsErrorFramesAndTheConnectionStaysOpen() {
        try (WsClient c = WsClient.connect(hub.port())) {
            c.next("welcome");
            String[][] cases = {
                {"not json", "bad_request"},
                {"[1,2]", "bad_request"},
                {"{\"id\":7}", "bad_request"},
                {"{\"type\":42}", "bad_request"},
                {"{\"type\":\"dance\",\"id\":8}", "unknown_type"},
                {"{\"type\":\"subscribe\",\"id\":9}", "bad_request"},
                {"{\"type\":\"subscribe\",\"id\":10,\"channel\":5}", "bad_request"},
                {"{\"type\":\"subscribe\",\"id\":11,\"channel\":\"bad channel!\"}", "invalid_channel"},
                {"{\"type\":\"subscribe\",\"id\":12,\"channel\":\"a\",\"since\":\"x\"}", "bad_request"},
                {"{\"type\":\"unsubscribe\",\"id\":13,\"channel\":\"nope\"}", "not_subscribed"},
                {"{\"type\":\"publish\",\"id\":14,\"channel\":\"a\"}", "bad_request"},
                {"{\"type\":\"history\",\"id\":15,\"channel\":\"a\",\"limit\":0}", "bad_request"},
            };
            for (String[] tc : cases) {
                c.send(tc[0]);
                JsonNode error = c.next();
                assertThat(error.path("type").asText()).as(tc[0]).isEqualTo("error");
                assertThat(error.path("code").asText()).as(tc[0]).isEqualTo(tc[1]);
                assertThat(error.path("message").asText()).as(tc[0]).isNotEmpty().doesNotContain("Exception");
            }
            c.send(Frames.ping().id(99));
            JsonNode pong = c.next();
            assertThat(pong.path("type").asText()).isEqualTo("pong");
            assertThat(pong.path("id").asInt()).isEqualTo(99);
            assertThat(c.isClosed()).isFalse();
        }
    }
}
