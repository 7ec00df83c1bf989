package dev.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request a client sends over the WebSocket, as parsed by {@link JsonCodec#parseRequest(String)}. Every request may
 * carry an {@code id} (any JSON value, or null when absent) that the reply echoes.
 */
public sealed interface Request {

    /** @return the request's {@code id}, or null */
    JsonNode id();

    /** {@code subscribe}: {@code since} is null when the client asked for no recovery. */
    record Subscribe(JsonNode id, String channel, Long since, String epoch) implements Request {
    }

    /** {@code unsubscribe}. */
    record Unsubscribe(JsonNode id, String channel) implements Request {
    }

    /** {@code publish}: {@code data} is the serialized JSON value to deliver, exactly once re-encoded. */
    record Publish(JsonNode id, String channel, String data) implements Request {
    }

    /** {@code history}: messages with offset greater than {@code since}, at most {@code limit}. */
    record History(JsonNode id, String channel, long since, int limit) implements Request {
    }

    /** {@code presence}. */
    record Presence(JsonNode id, String channel) implements Request {
    }

    /** {@code ping}, the application-level heartbeat for clients that cannot send ping frames. */
    record Ping(JsonNode id) implements Request {
    }
}
