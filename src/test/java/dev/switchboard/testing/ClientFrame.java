package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One request of docs/protocol.md as a client sends it, built by {@link Frames}. Immutable: every setter returns a
 * copy. Renders its fields in the protocol's order (type, id, channel, since, epoch, limit, data).
 */
public final class ClientFrame {

    private final String type;
    private final JsonNode id;
    private final String channel;
    private final Long since;
    private final String epoch;
    private final Integer limit;
    private final JsonNode data;

    private ClientFrame(String type, JsonNode id, String channel, Long since, String epoch, Integer limit,
            JsonNode data) {
        this.type = type;
        this.id = id;
        this.channel = channel;
        this.since = since;
        this.epoch = epoch;
        this.limit = limit;
        this.data = data;
    }

    static ClientFrame of(String type, String channel, JsonNode data) {
        return new ClientFrame(type, null, channel, null, null, null, data);
    }

    /** @param id the request id the reply echoes: a number, a string or any JSON value */
    public ClientFrame id(Object id) {
        return new ClientFrame(type, Frames.value(id), channel, since, epoch, limit, data);
    }

    /** @return this request asking for what came after {@code offset} */
    public ClientFrame since(long offset) {
        return new ClientFrame(type, id, channel, offset, epoch, limit, data);
    }

    /** @return this subscribe resuming after {@code offset} of the channel's {@code epoch} */
    public ClientFrame since(long offset, String epoch) {
        return new ClientFrame(type, id, channel, offset, epoch, limit, data);
    }

    /** @return this history request returning at most {@code limit} messages */
    public ClientFrame limit(int limit) {
        return new ClientFrame(type, id, channel, since, epoch, limit, data);
    }

    /** @return the request as compact JSON text, as sent in one WebSocket text frame */
    public String json() {
        ObjectNode node = Frames.MAPPER.createObjectNode();
        node.put("type", type);
        if (id != null) {
            node.set("id", id);
        }
        if (channel != null) {
            node.put("channel", channel);
        }
        if (since != null) {
            node.put("since", since);
        }
        if (epoch != null) {
            node.put("epoch", epoch);
        }
        if (limit != null) {
            node.put("limit", limit);
        }
        if (data != null) {
            node.set("data", data);
        }
        return node.toString();
    }

    @Override
    public String toString() {
        return json();
    }
}
