package dev.switchboard.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the protocol's requests (docs/protocol.md) and JSON bodies for tests, so that no test assembles JSON by
 * string concatenation: {@code client.send(Frames.subscribe("news").id(1).since(12, epoch))}. Thread-safe.
 */
public final class Frames {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Frames() {
    }

    /** @return {@code {"type":"subscribe","channel":…}} */
    public static ClientFrame subscribe(String channel) {
        return ClientFrame.of("subscribe", channel, null);
    }

    /** @return {@code {"type":"unsubscribe","channel":…}} */
    public static ClientFrame unsubscribe(String channel) {
        return ClientFrame.of("unsubscribe", channel, null);
    }

    /** @param data any JSON value: a {@link JsonNode} as is, anything else as Jackson maps it (String: text) */
    public static ClientFrame publish(String channel, Object data) {
        return ClientFrame.of("publish", channel, value(data));
    }

    /** @return {@code {"type":"history","channel":…}} */
    public static ClientFrame history(String channel) {
        return ClientFrame.of("history", channel, null);
    }

    /** @return {@code {"type":"presence","channel":…}} */
    public static ClientFrame presence(String channel) {
        return ClientFrame.of("presence", channel, null);
    }

    /** @return {@code {"type":"ping"}} */
    public static ClientFrame ping() {
        return ClientFrame.of("ping", null, null);
    }

    /** @return {@code {"type":"refresh","id":…,"token":…}} as JSON text */
    public static String refresh(Object id, String token) {
        return object("type", "refresh", "id", id, "token", token).toString();
    }

    /** @return a JSON object of these fields in this order (name, value, name, value…); {@code toString()} is JSON */
    public static ObjectNode object(Object... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in name, value pairs");
        }
        ObjectNode node = MAPPER.createObjectNode();
        for (int i = 0; i < fields.length; i += 2) {
            node.set((String) fields[i], value(fields[i + 1]));
        }
        return node;
    }

    /** @return the JSON text parsed, failing the test if it is not JSON */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static JsonNode value(Object value) {
        return value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
    }
}
