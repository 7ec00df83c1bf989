package dev.switchboard.protocol;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads client requests and writes server frames (protocol v1, JSON text frames). Thread-safe and stateless after
 * construction; one instance serves the whole hub.
 */
public final class JsonCodec {

    /** The largest {@code limit} a history request may ask for. */
    public static final int MAX_HISTORY_LIMIT = 1000;
    /** The {@code limit} of a history request that names none. */
    public static final int DEFAULT_HISTORY_LIMIT = 100;

    private final ObjectMapper mapper;
    private final JsonFactory factory;

    public JsonCodec() {
        JsonFactory jsonFactory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                .build();
        this.mapper = new ObjectMapper(jsonFactory);
        this.factory = mapper.getFactory();
    }

    /**
     * Parses one text frame from a client.
     *
     * @throws ProtocolException with a client-facing message when the frame is not a valid request
     */
    public Request parseRequest(String text) throws ProtocolException {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Frame is not valid JSON", null);
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Frame must be a JSON object", null);
        }
        JsonNode id = root.get("id");
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Field 'type' must be a string", id);
        }
        return switch (type.asText()) {
            case "subscribe" -> new Request.Subscribe(id, channel(root, id), optionalOffset(root, "since", id),
                    optionalString(root, "epoch", id));
            case "unsubscribe" -> new Request.Unsubscribe(id, channel(root, id));
            case "publish" -> new Request.Publish(id, channel(root, id), data(root, id));
            case "history" -> history(root, id);
            case "presence" -> new Request.Presence(id, channel(root, id));
            case "ping" -> new Request.Ping(id);
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "Unknown type '" + clip(type.asText()) + "'",
                    id);
        };
    }

    /**
     * Validates a JSON document received over HTTP and returns its compact serialization.
     *
     * @throws ProtocolException when the body is not one JSON value
     */
    public String normalizeJson(String body) throws ProtocolException {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "Body must be a JSON value", null);
            }
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Body is not valid JSON", null);
        }
    }

    private Request.History history(JsonNode root, JsonNode id) throws ProtocolException {
        String channel = channel(root, id);
        Long since = optionalOffset(root, "since", id);
        JsonNode limitNode = root.get("limit");
        int limit = DEFAULT_HISTORY_LIMIT;
        if (limitNode != null && !limitNode.isNull()) {
            if (!limitNode.canConvertToInt() || !limitNode.isIntegralNumber()
                    || limitNode.intValue() < 1 || limitNode.intValue() > MAX_HISTORY_LIMIT) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST,
                        "Field 'limit' must be an integer from 1 to " + MAX_HISTORY_LIMIT, id);
            }
            limit = limitNode.intValue();
        }
        return new Request.History(id, channel, since == null ? 0 : since, limit);
    }

    private static String channel(JsonNode root, JsonNode id) throws ProtocolException {
        JsonNode node = root.get("channel");
        if (node == null || !node.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Field 'channel' must be a string", id);
        }
        String channel = node.asText();
        if (!ChannelNames.isValid(channel)) {
            throw new ProtocolException(ErrorCode.INVALID_CHANNEL, ChannelNames.RULE, id);
        }
        return channel;
    }

    private static Long optionalOffset(JsonNode root, String field, JsonNode id) throws ProtocolException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "Field '" + field + "' must be a non-negative integer", id);
        }
        return node.longValue();
    }

    private static String optionalString(JsonNode root, String field, JsonNode id) throws ProtocolException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Field '" + field + "' must be a string", id);
        }
        return node.asText();
    }

    private String data(JsonNode root, JsonNode id) throws ProtocolException {
        JsonNode node = root.get("data");
        if (node == null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Field 'data' is required", id);
        }
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Field 'data' cannot be encoded", id);
        }
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    // ---------------------------------------------------------------- server frames

    /** {@code welcome}, the first frame of every connection. */
    public String welcome(String session, String user, long heartbeatSeconds, int maxMessageBytes) {
        return write(g -> {
            g.writeStringField("type", "welcome");
            g.writeStringField("session", session);
            g.writeStringField("user", user);
            g.writeNumberField("heartbeatSeconds", heartbeatSeconds);
            g.writeNumberField("maxMessageBytes", maxMessageBytes);
        });
    }

    /** {@code subscribed}; {@code recovered} is null when the client did not ask for recovery. */
    public String subscribed(JsonNode id, String channel, long offset, String epoch, Boolean recovered) {
        return write(g -> {
            g.writeStringField("type", "subscribed");
            writeId(g, id);
            g.writeStringField("channel", channel);
            g.writeNumberField("offset", offset);
            g.writeStringField("epoch", epoch);
            if (recovered != null) {
                g.writeBooleanField("recovered", recovered);
            }
        });
    }

    /** {@code unsubscribed}. */
    public String unsubscribed(JsonNode id, String channel) {
        return write(g -> {
            g.writeStringField("type", "unsubscribed");
            writeId(g, id);
            g.writeStringField("channel", channel);
        });
    }

    /** {@code published}, the reply to a publish. */
    public String published(JsonNode id, String channel, long offset) {
        return write(g -> {
            g.writeStringField("type", "published");
            writeId(g, id);
            g.writeStringField("channel", channel);
            g.writeNumberField("offset", offset);
        });
    }

    /** A {@code message} frame, encoded once per publish. {@code data} is serialized JSON. */
    public String message(String channel, long offset, String epoch, String data, String from, long timeMillis) {
        return write(g -> {
            g.writeStringField("type", "message");
            g.writeStringField("channel", channel);
            g.writeNumberField("offset", offset);
            g.writeStringField("epoch", epoch);
            g.writeFieldName("data");
            g.writeRawValue(data);
            g.writeStringField("from", from);
            g.writeStringField("time", Instant.ofEpochMilli(timeMillis).toString());
        });
    }

    /** A {@code direct} frame: a message for one user's connections, not on any channel. */
    public String direct(String data, String from, long timeMillis) {
        return write(g -> {
            g.writeStringField("type", "direct");
            g.writeFieldName("data");
            g.writeRawValue(data);
            g.writeStringField("from", from);
            g.writeStringField("time", Instant.ofEpochMilli(timeMillis).toString());
        });
    }

    /**
     * The body of a history answer: {@code channel}, {@code epoch}, {@code messages} and {@code recovered}, with
     * {@code type} and {@code id} first when {@code type} is not null (the WebSocket reply) and without them for HTTP.
     */
    public String history(String type, JsonNode id, String channel, String epoch, List<ChannelMessage> messages,
            boolean recovered) {
        return write(g -> {
            if (type != null) {
                g.writeStringField("type", type);
                writeId(g, id);
            }
            g.writeStringField("channel", channel);
            g.writeStringField("epoch", epoch);
            g.writeArrayFieldStart("messages");
            for (ChannelMessage m : messages) {
                g.writeRawValue(m.frame().text());
            }
            g.writeEndArray();
            g.writeBooleanField("recovered", recovered);
        });
    }

    /** {@code presence}, the reply listing each user once. */
    public String presence(JsonNode id, String channel, Collection<String> users) {
        return write(g -> {
            g.writeStringField("type", "presence");
            writeId(g, id);
            g.writeStringField("channel", channel);
            g.writeArrayFieldStart("users");
            for (String user : users) {
                g.writeString(user);
            }
            g.writeEndArray();
        });
    }

    /** {@code join} or {@code leave}, a presence event. */
    public String presenceEvent(String type, String channel, String user) {
        return write(g -> {
            g.writeStringField("type", type);
            g.writeStringField("channel", channel);
            g.writeStringField("user", user);
        });
    }

    /** {@code pong}, the reply to an application-level {@code ping}. */
    public String pong(JsonNode id) {
        return write(g -> {
            g.writeStringField("type", "pong");
            writeId(g, id);
        });
    }

    /** {@code error}: the connection stays open. */
    public String error(JsonNode id, ErrorCode code, String message) {
        return write(g -> {
            g.writeStringField("type", "error");
            writeId(g, id);
            g.writeStringField("code", code.wire());
            g.writeStringField("message", message);
        });
    }

    /** A JSON object {@code {"channel":..,"offset":..,"epoch":..}}, the HTTP publish answer. */
    public String publishReceipt(String channel, long offset, String epoch) {
        return write(g -> {
            g.writeStringField("channel", channel);
            g.writeNumberField("offset", offset);
            g.writeStringField("epoch", epoch);
        });
    }

    /** An HTTP error body {@code {"code":..,"message":..}}. */
    public String httpError(String code, String message) {
        return write(g -> {
            g.writeStringField("code", code);
            g.writeStringField("message", message);
        });
    }

    /** Writes any value with the codec's mapper (for small HTTP documents such as health). */
    public String toJson(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a JSON document into a tree (for tests and tools). */
    public JsonNode readTree(String json) throws JsonProcessingException {
        return mapper.readTree(json);
    }

    private void writeId(JsonGenerator g, JsonNode id) throws IOException {
        if (id != null && !id.isNull() && !id.isMissingNode()) {
            g.writeFieldName("id");
            mapper.writeTree(g, id);
        }
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private String write(Fields fields) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
