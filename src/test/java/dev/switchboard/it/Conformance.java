package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.RawWsClient;

/**
 * One RFC 6455 conformance case, modelled on the Autobahn TestSuite's: the bytes a client sends and what the RFC
 * requires the hub to answer, in order. Run against any runtime through a connection factory; a case that does not
 * end in a close also proves the connection still serves.
 *
 * @param section the Autobahn-like section (framing, pings, …)
 * @param name    what is sent and what RFC 6455 (or RFC 7692) requires
 * @param wire    the bytes sent right after the welcome, in one write (or in {@code chunk}-byte writes)
 * @param expect  what the hub must answer, in order
 * @param chunk   the size of each write, 0 for one write
 */
record Conformance(String section, String name, byte[] wire, List<Expect> expect, int chunk) {

    static final Duration WAIT = Duration.ofSeconds(15);

    /** What the hub answers. */
    sealed interface Expect permits Reply, Pong, Close { }

    /**
     * A protocol reply of this {@code type} echoing this {@code id} (null: no id). {@code optional}: for a request
     * sent in the same write as a violation, which RFC 6455 lets the server fail at once (7.1.7); if the reply
     * comes, it comes whole and before the close.
     */
    record Reply(String type, String id, boolean optional) implements Expect { }

    /** A pong control frame carrying exactly this payload. */
    record Pong(byte[] payload) implements Expect { }

    /** A close frame with one of these codes (-1: no code), then the end of the connection. */
    record Close(Set<Integer> codes) implements Expect { }

    static Conformance of(String section, String name, byte[] wire, Expect... expect) {
        return new Conformance(section, name, wire, List.of(expect), 0);
    }

    /** @return this case with its bytes written {@code size} bytes at a time (the hub reads them in pieces) */
    Conformance chopped(int size) {
        return new Conformance(section, name + ", written in " + size + "-byte pieces", wire, expect, size);
    }

    static Close closes(Integer... codes) {
        return new Close(new HashSet<>(Arrays.asList(codes)));
    }

    static Reply reply(String type, String id) {
        return new Reply(type, id, false);
    }

    /** @return a reply that may be missing, when the connection is failed right after its request */
    static Reply maybeReply(String type, String id) {
        return new Reply(type, id, true);
    }

    static Pong pong(byte[] payload) {
        return new Pong(payload);
    }

    @Override
    public String toString() {
        return section + ": " + name;
    }

    /** Runs the case on a fresh connection from {@code connect} (welcomed, not yet read). */
    void run(Supplier<RawWsClient> connect) {
        try (RawWsClient c = connect.get()) {
            assertThat(nextNonPing(c).map(RawWsClient.Frame::text).orElse("<closed>")).as("welcome")
                    .contains("\"type\":\"welcome\"");
            send(c);
            Optional<RawWsClient.Frame> pending = Optional.empty();
            for (Expect e : expect) {
                pending = check(c, e, pending);
            }
            if (expect.isEmpty() || !(expect.get(expect.size() - 1) instanceof Close)) {
                c.sendText(Frames.ping().id("alive"));
                check(c, reply("pong", "alive"), Optional.empty());
            }
        }
    }

    private void send(RawWsClient c) {
        if (chunk <= 0) {
            c.sendBytes(wire);
            return;
        }
        for (int at = 0; at < wire.length; at += chunk) {
            c.sendBytes(Arrays.copyOfRange(wire, at, Math.min(wire.length, at + chunk)));
        }
    }

    /**
     * Checks the next frame ({@code pending}, or the next read) against {@code e}.
     *
     * @return a frame read but not matched (after a missing optional reply), to check against the next expectation
     */
    private Optional<RawWsClient.Frame> check(RawWsClient c, Expect e, Optional<RawWsClient.Frame> pending) {
        Optional<RawWsClient.Frame> got = pending.isPresent() ? pending : nextNonPing(c);
        String what = this + ": expected " + describe(e);
        if (e instanceof Close close) {
            RawWsClient.Frame f = got.orElseThrow(() -> new AssertionError(what + ", the connection ended"
                    + " without a close frame"));
            assertThat(f.opcode()).as(what + ", got " + describe(f)).isEqualTo(RawWsClient.CLOSE);
            assertThat(close.codes()).as(what + ", got close " + f.closeCode()).contains(f.closeCode());
            c.answerClose(f.closeCode());
            assertThat(nextNonPing(c)).as(what + ": nothing after the close frame, then the end").isEmpty();
            return Optional.empty();
        }
        RawWsClient.Frame f = got.orElseThrow(() -> new AssertionError(what + ", the connection ended"));
        if (e instanceof Pong p) {
            assertThat(f.opcode()).as(what + ", got " + describe(f)).isEqualTo(RawWsClient.PONG);
            assertThat(f.payload()).as(what).isEqualTo(p.payload());
            return Optional.empty();
        }
        Reply r = (Reply) e;
        if (r.optional() && f.opcode() == RawWsClient.CLOSE) {
            return got;
        }
        assertThat(f.opcode()).as(what + ", got " + describe(f)).isEqualTo(RawWsClient.TEXT);
        JsonNode json = Frames.parse(f.text());
        assertThat(json.path("type").asText()).as(what + ", got " + f.text()).isEqualTo(r.type());
        if (r.id() != null) {
            assertThat(json.path("id").asText()).as(what + ", got " + f.text()).isEqualTo(r.id());
        } else {
            assertThat(json.has("id")).as(what + ", got " + f.text()).isFalse();
        }
        return Optional.empty();
    }

    /** @return the next frame that is not a heartbeat ping, or empty once the connection ended */
    static Optional<RawWsClient.Frame> nextNonPing(RawWsClient c) {
        while (true) {
            Optional<RawWsClient.Frame> f = c.read(WAIT);
            if (f.isEmpty() || f.get().opcode() != RawWsClient.PING) {
                return f;
            }
        }
    }

    private static String describe(Expect e) {
        if (e instanceof Reply r) {
            return "a '" + r.type() + "' reply" + (r.id() != null ? " to " + r.id() : "");
        }
        return e instanceof Pong p ? "a pong of " + p.payload().length + " bytes" : "close " + ((Close) e).codes();
    }

    private static String describe(RawWsClient.Frame f) {
        if (f.opcode() == RawWsClient.TEXT) {
            return "text " + (f.payload().length > 200 ? f.text().substring(0, 200) + "…" : f.text());
        }
        return f.opcode() == RawWsClient.CLOSE ? "close " + f.closeCode()
                : "opcode " + f.opcode() + " of " + f.payload().length + " bytes";
    }
}
