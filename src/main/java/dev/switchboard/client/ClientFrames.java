package dev.switchboard.client;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The client's side of the wire format (docs/protocol.md): builds requests, reads server frames. Thread-safe. */
final class ClientFrames {

    private final ObjectMapper mapper = new ObjectMapper();

    ObjectNode subscribe(long id, String channel, ChannelCursor cursor) {
        ObjectNode f = request("subscribe", id).put("channel", channel);
        if (cursor.positioned()) {
            f.put("since", cursor.last()).put("epoch", cursor.epoch());
        }
        return f;
    }

    ObjectNode unsubscribe(long id, String channel) {
        return request("unsubscribe", id).put("channel", channel);
    }

    ObjectNode publish(long id, String channel, JsonNode data) {
        ObjectNode f = request("publish", id).put("channel", channel);
        f.set("data", data);
        return f;
    }

    ObjectNode history(long id, String channel, long since, int limit) {
        return request("history", id).put("channel", channel).put("since", since).put("limit", limit);
    }

    ObjectNode presence(long id, String channel) {
        return request("presence", id).put("channel", channel);
    }

    ObjectNode ping(long id) {
        return request("ping", id);
    }

    ObjectNode refresh(long id, String token) {
        return request("refresh", id).put("token", token);
    }

    /** @return {@code data} as a JSON tree; throws {@link IllegalArgumentException} when it cannot be one */
    JsonNode tree(Object data) {
        return data instanceof JsonNode node ? node : mapper.valueToTree(data);
    }

    /** @return the frame's text */
    String text(ObjectNode frame) {
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the parsed frame; throws {@link IOException} for text that is not JSON */
    JsonNode parse(String text) throws IOException {
        return mapper.readTree(text);
    }

    private ObjectNode request(String type, long id) {
        return mapper.createObjectNode().put("type", type).put("id", id);
    }
}
