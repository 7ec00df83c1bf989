package dev.switchboard.protocol;

/**
 * A request a client sends over the WebSocket, as parsed by {@link JsonCodec#parseRequest(String)}. Every request
 * may carry an {@code id} (any JSON value; {@link RequestId#NONE} when absent) that the reply echoes exactly.
 */
public sealed interface Request {

    /** @return the request's {@code id}, {@link RequestId#NONE} when it has none */
    RequestId id();

    /** {@code subscribe}: {@code since} is null when the client asked for no recovery. */
    record Subscribe(RequestId id, String channel, Long since, String epoch) implements Request {
    }

    /** {@code unsubscribe}. */
    record Unsubscribe(RequestId id, String channel) implements Request {
    }

    /** {@code publish}: {@code data} is the serialized JSON value to deliver, exactly once re-encoded. */
    record Publish(RequestId id, String channel, String data) implements Request {
    }

    /** {@code history}: messages with offset greater than {@code since}, at most {@code limit}. */
    record History(RequestId id, String channel, long since, int limit) implements Request {
    }

    /** {@code presence}. */
    record Presence(RequestId id, String channel) implements Request {
    }

    /** {@code ping}, the application-level heartbeat for clients that cannot send ping frames. */
    record Ping(RequestId id) implements Request {
    }

    /** {@code refresh}: a new token for the same user, before the connection's one expires (never logged). */
    record Refresh(RequestId id, String token) implements Request {

        @Override
        public String toString() {
            return "Refresh[id=" + id + "]";
        }
    }
}
