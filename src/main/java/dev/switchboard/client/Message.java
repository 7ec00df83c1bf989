package dev.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message of a channel, as the hub's {@code message} frame carries it (docs/protocol.md).
 *
 * @param channel the channel
 * @param offset its offset in the channel (from 1, per epoch)
 * @param epoch the channel's epoch
 * @param data the published JSON value
 * @param from the publishing user, {@code server} for the HTTP API
 * @param time when the hub took it, ISO-8601 UTC
 */
public record Message(String channel, long offset, String epoch, JsonNode data, String from, String time) {

    static Message of(JsonNode frame) {
        return new Message(frame.path("channel").asText(), frame.path("offset").asLong(),
                frame.path("epoch").asText(), frame.path("data"), frame.path("from").asText(),
                frame.path("time").asText());
    }
}
