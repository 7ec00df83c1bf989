package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One frame the hub sent (docs/protocol.md), parsed, with typed getters; a missing field reads as empty text or 0.
 *
 * @param node the whole frame
 */
public record ReceivedFrame(JsonNode node) {

    /** @return the frame parsed, failing the test if it is not JSON */
    public static ReceivedFrame parse(String json) {
        return new ReceivedFrame(Frames.parse(json));
    }

    public String type() {
        return node.path("type").asText();
    }

    /** @return the request id echoed, as JSON (missing if none) */
    public JsonNode id() {
        return node.path("id");
    }

    public String channel() {
        return node.path("channel").asText();
    }

    public long offset() {
        return node.path("offset").asLong();
    }

    public String epoch() {
        return node.path("epoch").asText();
    }

    /** @return an error frame's code, e.g. {@code bad_request} */
    public String code() {
        return node.path("code").asText();
    }

    /** @return the published data (missing if none) */
    public JsonNode data() {
        return node.path("data");
    }
}
