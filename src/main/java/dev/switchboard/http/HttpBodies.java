package dev.switchboard.http;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

import jakarta.enterprise.context.Dependent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.switchboard.admission.Revocation;
import dev.switchboard.protocol.ChannelMessage;

/**
 * Writes the JSON bodies of the HTTP API (docs/protocol.md, "HTTP API"): publish receipts, history, errors and
 * health. Thread-safe and stateless after construction.
 */
@Dependent
public class HttpBodies {

    private final JsonFactory factory = new JsonFactory();

    /** {@code {"channel":..,"offset":..,"epoch":..}}, the answer to a publish. */
    public String publishReceipt(String channel, long offset, String epoch) {
        return write(g -> {
            g.writeStringField("channel", channel);
            g.writeNumberField("offset", offset);
            g.writeStringField("epoch", epoch);
        });
    }

    /** The WebSocket {@code history} reply's fields without {@code type} and {@code id}; messages as encoded. */
    public String history(String channel, String epoch, List<ChannelMessage> messages, boolean recovered,
            boolean more) {
        return write(g -> {
            g.writeStringField("channel", channel);
            g.writeStringField("epoch", epoch);
            g.writeArrayFieldStart("messages");
            for (ChannelMessage m : messages) {
                g.writeRawValue(m.frame().text());
            }
            g.writeEndArray();
            g.writeBooleanField("recovered", recovered);
            g.writeBooleanField("more", more);
        });
    }

    /** An error body {@code {"code":..,"message":..}}. */
    public String error(String code, String message) {
        return write(g -> {
            g.writeStringField("code", code);
            g.writeStringField("message", message);
        });
    }

    /** A health answer in the MicroProfile Health shape: {@code {"status":..,"checks":[{"name":..,"status":..}]}}. */
    public String health(boolean up, String check) {
        String status = up ? "UP" : "DOWN";
        return write(g -> {
            g.writeStringField("status", status);
            g.writeArrayFieldStart("checks");
            g.writeStartObject();
            g.writeStringField("name", check);
            g.writeStringField("status", status);
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    /** How many connections a message to a user reached: {@code {"connections":N}}. */
    public String connections(int count) {
        return write(g -> g.writeNumberField("connections", count));
    }

    /** One revocation: {@code {"sub"|"jti":..,"expiresAt":"<ISO-8601 UTC>"}}. */
    public String revocation(Revocation r) {
        return write(g -> revocationFields(g, r));
    }

    /** The live revocations: {@code {"revocations":[{"sub"|"jti":..,"expiresAt":..},…]}}. */
    public String revocations(List<Revocation> live) {
        return write(g -> {
            g.writeArrayFieldStart("revocations");
            for (Revocation r : live) {
                g.writeStartObject();
                revocationFields(g, r);
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private static void revocationFields(JsonGenerator g, Revocation r) throws IOException {
        g.writeStringField(r.kind() == Revocation.Kind.SUB ? "sub" : "jti", r.value());
        g.writeStringField("expiresAt", r.expiresAt().toString());
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private String write(Fields fields) {
        StringWriter out = new StringWriter(64);
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
