package dev.switchboard.protocol;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The WebSocket protocol's codec (v1, JSON text frames): reads client {@link Request}s and writes every
 * {@link ServerFrame}. Thread-safe and stateless after construction; one instance serves the whole hub.
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
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Frame is not valid JSON", RequestId.NONE);
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Frame must be a JSON object", RequestId.NONE);
        }
        RequestId id = requestId(root.get("id"));
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
            case "refresh" -> new Request.Refresh(id, requiredString(root, "token", id));
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "Unknown type '" + clip(type.asText()) + "'",
                    id);
        };
    }

    /**
     * Reads only the top-level {@code id} of a frame that will not be run (a request refused by a rate limit), with a
     * streaming parser that builds nothing else; {@link RequestId#NONE} when there is none or the frame is not a JSON
     * object. A flooded hub spends on each refusal a scan, not a document tree.
     */
    public RequestId requestIdOf(String text) {
        try (JsonParser parser = factory.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return RequestId.NONE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean isId = "id".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (isId) {
                    return value == JsonToken.VALUE_NULL ? RequestId.NONE
                            : new RequestId(mapper.writeValueAsString(mapper.readTree(parser)));
                }
                parser.skipChildren();
            }
        } catch (IOException malformed) {
            // Not JSON up to its id: the refusal carries none, as it would after a full parse.
        }
        return RequestId.NONE;
    }

    /**
     * Validates a JSON document from outside the WebSocket protocol (an HTTP API body, a {@code Hub} call) and
     * returns its compact serialization.
     *
     * @throws ProtocolException when the body is not one JSON value
     */
    public String normalizeJson(String body) throws ProtocolException {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "Body must be a JSON value", RequestId.NONE);
            }
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Body is not valid JSON", RequestId.NONE);
        }
    }

    private RequestId requestId(JsonNode node) throws ProtocolException {
        if (node == null || node.isNull()) {
            return RequestId.NONE;
        }
        try {
            return new RequestId(mapper.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Field 'id' cannot be encoded", RequestId.NONE);
        }
    }

    private Request.History history(JsonNode root, RequestId id) throws ProtocolException {
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

    private static String channel(JsonNode root, RequestId id) throws ProtocolException {
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

    private static String requiredString(JsonNode root, String field, RequestId id) throws ProtocolException {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Field '" + field + "' must be a string", id);
        }
        return node.asText();
    }

    private static Long optionalOffset(JsonNode root, String field, RequestId id) throws ProtocolException {
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

    private static String optionalString(JsonNode root, String field, RequestId id) throws ProtocolException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "Field '" + field + "' must be a string", id);
        }
        return node.asText();
    }

    private String data(JsonNode root, RequestId id) throws ProtocolException {
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

    /**
     * {@code welcome} starts every connection, so a handshake storm writes thousands a second: written without a
     * generator, the same text (Jackson's own string escaping).
     */
    private static String welcome(Reply.Welcome w) {
        JsonStringEncoder quoter = JsonStringEncoder.getInstance();
        StringBuilder b = new StringBuilder(128).append("{\"type\":\"welcome\",\"session\":\"");
        quoter.quoteAsString(w.session(), b);
        b.append("\",\"user\":\"");
        quoter.quoteAsString(w.user(), b);
        return b.append("\",\"heartbeatSeconds\":").append(w.heartbeatSeconds())
                .append(",\"maxMessageBytes\":").append(w.maxMessageBytes()).append('}').toString();
    }

    /** @return the frame's JSON text written by a generator (what {@link #encode} writes for other frames) */
    String encodeWithGenerator(ServerFrame frame) {
        return write(g -> writeReply(g, (Reply) frame));
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    // ---------------------------------------------------------------- server frames

    /** @return the frame's JSON text */
    public String encode(ServerFrame frame) {
        if (frame instanceof Reply.Welcome w && w.session() != null && w.user() != null) {
            return welcome(w);
        }
        return write(g -> {
            if (frame instanceof Reply reply) {
                writeReply(g, reply);
            } else {
                writePush(g, (Push) frame);
            }
        });
    }

    /** @return the frame encoded once: its text and wire bytes */
    public OutboundFrame frame(ServerFrame frame) {
        return OutboundFrame.of(encode(frame));
    }

    private void writeReply(JsonGenerator g, Reply reply) throws IOException {
        if (reply instanceof Reply.Welcome w) {
            g.writeStringField("type", "welcome");
            g.writeStringField("session", w.session());
            g.writeStringField("user", w.user());
            g.writeNumberField("heartbeatSeconds", w.heartbeatSeconds());
            g.writeNumberField("maxMessageBytes", w.maxMessageBytes());
        } else if (reply instanceof Reply.Subscribed s) {
            head(g, "subscribed", s.id(), s.channel());
            g.writeNumberField("offset", s.offset());
            g.writeStringField("epoch", s.epoch());
            if (s.recovered() != null) {
                g.writeBooleanField("recovered", s.recovered());
            }
        } else if (reply instanceof Reply.Unsubscribed u) {
            head(g, "unsubscribed", u.id(), u.channel());
        } else if (reply instanceof Reply.Published p) {
            head(g, "published", p.id(), p.channel());
            g.writeNumberField("offset", p.offset());
        } else if (reply instanceof Reply.History h) {
            head(g, "history", h.id(), h.channel());
            g.writeStringField("epoch", h.epoch());
            writeMessages(g, h.messages());
            g.writeBooleanField("recovered", h.recovered());
            g.writeBooleanField("more", h.more());
        } else if (reply instanceof Reply.Presence p) {
            head(g, "presence", p.id(), p.channel());
            g.writeArrayFieldStart("users");
            for (String user : p.users()) {
                g.writeString(user);
            }
            g.writeEndArray();
        } else if (reply instanceof Reply.Refreshed r) {
            g.writeStringField("type", "refreshed");
            writeId(g, r.id());
            g.writeNumberField("exp", r.exp());
        } else if (reply instanceof Reply.Pong p) {
            g.writeStringField("type", "pong");
            writeId(g, p.id());
        } else if (reply instanceof Reply.Error e) {
            g.writeStringField("type", "error");
            writeId(g, e.id());
            g.writeStringField("code", e.code().wire());
            g.writeStringField("message", e.message());
            if (e.retryAfterMs() > 0) {
                g.writeNumberField("retryAfterMs", e.retryAfterMs());
            }
        }
    }

    private static void writePush(JsonGenerator g, Push push) throws IOException {
        if (push instanceof Push.Message m) {
            g.writeStringField("type", "message");
            g.writeStringField("channel", m.channel());
            g.writeNumberField("offset", m.offset());
            g.writeStringField("epoch", m.epoch());
            writeData(g, m.data(), m.from(), m.timeMillis());
        } else if (push instanceof Push.Direct d) {
            g.writeStringField("type", "direct");
            writeData(g, d.data(), d.from(), d.timeMillis());
        } else if (push instanceof Push.Join j) {
            presenceEvent(g, "join", j.channel(), j.user());
        } else if (push instanceof Push.Leave l) {
            presenceEvent(g, "leave", l.channel(), l.user());
        }
    }

    /** {@code type}, {@code id} when present, {@code channel}: how every channel reply begins. */
    private static void head(JsonGenerator g, String type, RequestId id, String channel) throws IOException {
        g.writeStringField("type", type);
        writeId(g, id);
        g.writeStringField("channel", channel);
    }

    private static void writeData(JsonGenerator g, String data, String from, long timeMillis) throws IOException {
        g.writeFieldName("data");
        g.writeRawValue(data);
        g.writeStringField("from", from);
        g.writeStringField("time", Instant.ofEpochMilli(timeMillis).toString());
    }

    private static void presenceEvent(JsonGenerator g, String type, String channel, String user) throws IOException {
        g.writeStringField("type", type);
        g.writeStringField("channel", channel);
        g.writeStringField("user", user);
    }

    /** Writes a {@code messages} array of {@code message} frames, each embedded as it was encoded. */
    private static void writeMessages(JsonGenerator g, List<ChannelMessage> messages) throws IOException {
        g.writeArrayFieldStart("messages");
        for (ChannelMessage m : messages) {
            g.writeRawValue(m.frame().text());
        }
        g.writeEndArray();
    }

    private static void writeId(JsonGenerator g, RequestId id) throws IOException {
        if (id != null && id.isPresent()) {
            g.writeFieldName("id");
            g.writeRawValue(id.json());
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
