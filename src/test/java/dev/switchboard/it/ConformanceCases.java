package dev.switchboard.it;

import static dev.switchboard.it.Conformance.closes;
import static dev.switchboard.it.Conformance.maybeReply;
import static dev.switchboard.it.Conformance.pong;
import static dev.switchboard.it.Conformance.reply;
import static dev.switchboard.testing.RawFrame.BINARY;
import static dev.switchboard.testing.RawFrame.CONTINUATION;
import static dev.switchboard.testing.RawFrame.PING;
import static dev.switchboard.testing.RawFrame.PONG;
import static dev.switchboard.testing.RawFrame.TEXT;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.RawFrame;

/**
 * The conformance cases, by section, as RFC 6455 states them. The hub speaks JSON over text frames, so "echoed"
 * means answered: a {@code ping} request (padded with JSON whitespace to the size under test) gets its
 * {@code pong} reply, text that is not a request gets an {@code error} without id, a binary message gets the
 * documented {@code bad_request} error (docs/protocol.md), and the connection stays open.
 */
final class ConformanceCases {

    static final int PROTOCOL_ERROR = 1002;
    static final int INVALID_PAYLOAD = 1007;
    static final int TOO_BIG = 1009;

    private ConformanceCases() {
    }

    /** A {@code ping} request with this id, padded with trailing spaces to exactly {@code size} bytes of UTF-8. */
    static byte[] pingRequest(String id, int size) {
        byte[] json = Frames.ping().id(id).json().getBytes(StandardCharsets.UTF_8);
        if (size < json.length) {
            throw new IllegalArgumentException("a ping request has at least " + json.length + " bytes");
        }
        byte[] padded = new byte[size];
        System.arraycopy(json, 0, padded, 0, json.length);
        java.util.Arrays.fill(padded, json.length, size, (byte) ' ');
        return padded;
    }

    static byte[] pingRequest(String id) {
        return Frames.ping().id(id).json().getBytes(StandardCharsets.UTF_8);
    }

    static RawFrame request(String id) {
        return RawFrame.of(TEXT, pingRequest(id));
    }

    static byte[] bytes(RawFrame... frames) {
        return RawFrame.concat(frames);
    }

    /** @return {@code n} bytes 0, 1, 2, … (mod 256): every byte value a control payload may carry */
    static byte[] seq(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    /** Framing (Autobahn 1.x): text and binary of every length class, whole and fragmented, and masking. */
    static List<Conformance> framing(int limit) {
        List<Conformance> cases = new ArrayList<>();
        String s = "framing";
        for (int n : java.util.stream.IntStream.of(0, 125, 126, 65535, 65536, limit).distinct().toArray()) {
            if (n > limit) {
                continue;
            }
            byte[] text = n == 0 ? new byte[0] : pingRequest("t" + n, n);
            Conformance.Reply answer = n == 0 ? reply("error", null) : reply("pong", "t" + n);
            cases.add(Conformance.of(s, "text of " + n + " bytes in one masked frame: delivered whole (5.2, 5.6)",
                    RawFrame.of(TEXT, text).bytes(), answer));
            for (int parts : new int[] {2, 7}) {
                cases.add(Conformance.of(s, "text of " + n + " bytes in " + parts + " fragments: delivered as one "
                        + "message (5.4)", bytes(RawFrame.fragments(TEXT, text, parts)), answer));
            }
            cases.add(Conformance.of(s, "binary of " + n + " bytes in one frame: the documented bad_request "
                    + "error, the connection stays open", RawFrame.of(BINARY, seq(n)).bytes(),
                    reply("error", null)));
            cases.add(Conformance.of(s, "binary of " + n + " bytes in 3 fragments: one bad_request error",
                    bytes(RawFrame.fragments(BINARY, seq(n), 3)), reply("error", null)));
        }
        cases.add(Conformance.of(s, "text of 65536 bytes, 16-bit boundary +1: 64-bit length form (5.2)",
                RawFrame.of(TEXT, pingRequest("big", 65536)).bytes(), reply("pong", "big")).chopped(997));
        cases.add(Conformance.of(s,
                "a request after a frame of 125 bytes and one of 126 in one write: both answered",
                bytes(RawFrame.of(TEXT, pingRequest("a", 125)), RawFrame.of(TEXT, pingRequest("b", 126))),
                reply("pong", "a"), reply("pong", "b")));
        cases.add(Conformance.of(s, "an unmasked text frame from a client: fail the connection, 1002 (5.1)",
                request("u").masked(false).bytes(), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "an unmasked ping from a client: 1002 (5.1)",
                RawFrame.of(PING, seq(4)).masked(false).bytes(), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "an unmasked continuation inside a masked message: 1002 (5.1)",
                bytes(RawFrame.text("{\"type\":").fin(false), RawFrame.of(CONTINUATION,
                        "\"ping\"}".getBytes(StandardCharsets.UTF_8)).masked(false)), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a 64-bit length with its most significant bit set: 1002 (5.2)",
                hugeHeader(0x8000_0000_0000_0010L), closes(PROTOCOL_ERROR)));
        return cases;
    }

    /** Pings and pongs (Autobahn 2.x). */
    static List<Conformance> pings() {
        List<Conformance> cases = new ArrayList<>();
        String s = "pings";
        for (int n : new int[] {0, 1, 10, 124, 125}) {
            cases.add(Conformance.of(s,
                    "ping with " + n + " bytes of payload: a pong with the same payload (5.5.2, "
                    + "5.5.3)", RawFrame.of(PING, seq(n)).bytes(), pong(seq(n))));
        }
        cases.add(Conformance.of(s,
                "ping with 125 bytes, header and payload written a byte at a time: the same pong",
                RawFrame.of(PING, seq(125)).bytes(), pong(seq(125))).chopped(1));
        cases.add(Conformance.of(s, "ping with 126 bytes: control frames carry at most 125, 1002 (5.5)",
                RawFrame.of(PING, seq(126)).bytes(), closes(PROTOCOL_ERROR)));
        byte[] ten = new byte[0];
        Conformance.Expect[] pongs = new Conformance.Expect[10];
        for (int i = 0; i < 10; i++) {
            ten = cat(ten, RawFrame.of(PING, seq(i + 1)).bytes());
            pongs[i] = pong(seq(i + 1));
        }
        cases.add(new Conformance(s, "10 pings in one write: 10 pongs, in order (5.5.3)", ten, List.of(pongs), 0));
        cases.add(Conformance.of(s, "an unsolicited pong with no payload: ignored (5.5.3)",
                RawFrame.of(PONG, new byte[0]).bytes()));
        cases.add(Conformance.of(s, "an unsolicited pong of 125 bytes: ignored (5.5.3)",
                RawFrame.of(PONG, seq(125)).bytes()));
        cases.add(Conformance.of(s, "an unsolicited pong, then a ping: only the ping's pong (5.5.3)",
                bytes(RawFrame.of(PONG, seq(3)), RawFrame.of(PING, seq(5))), pong(seq(5))));
        cases.add(Conformance.of(s, "a pong of 126 bytes: 1002 (5.5)", RawFrame.of(PONG, seq(126)).bytes(),
                closes(PROTOCOL_ERROR)));
        return cases;
    }

    /** Reserved bits (Autobahn 3.x) and opcodes (4.x): without a negotiated extension, fail with 1002. */
    static List<Conformance> reserved() {
        List<Conformance> cases = new ArrayList<>();
        String s = "reserved bits";
        for (int rsv = 1; rsv <= 7; rsv++) {
            cases.add(Conformance.of(s, "text with RSV=" + rsv + " and no extension: 1002 (5.2)",
                    request("r").rsv(rsv << 4).bytes(), closes(PROTOCOL_ERROR)));
        }
        cases.add(Conformance.of(s,
                "a request, then text with RSV1 in the same write: 1002, the reply if any before it",
                bytes(request("first"), request("r").rsv(RawFrame.RSV1)), maybeReply("pong", "first"),
                closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a ping with RSV2: 1002 (5.2)",
                RawFrame.of(PING, seq(3)).rsv(RawFrame.RSV2).bytes(), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a close with RSV3: 1002 (5.2)",
                RawFrame.close(1000, new byte[0]).rsv(RawFrame.RSV3).bytes(), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a binary frame with RSV1: 1002 (5.2)",
                RawFrame.of(BINARY, seq(3)).rsv(RawFrame.RSV1).bytes(), closes(PROTOCOL_ERROR)));
        String o = "opcodes";
        for (int op : new int[] {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
            cases.add(Conformance.of(o, "reserved opcode " + op + ": 1002 (5.2)",
                    RawFrame.of(op, new byte[0]).bytes(), closes(PROTOCOL_ERROR)));
        }
        cases.add(Conformance.of(o,
                "a request, then reserved opcode 5 in the same write: 1002, the reply if any before it",
                bytes(request("first"), RawFrame.of(5, seq(20))), maybeReply("pong", "first"),
                closes(PROTOCOL_ERROR)));
        return cases;
    }

    /** Fragmentation (Autobahn 5.x). */
    static List<Conformance> fragmentation() {
        List<Conformance> cases = new ArrayList<>();
        String s = "fragmentation";
        RawFrame[] three = RawFrame.fragments(TEXT, pingRequest("frag"), 3);
        cases.add(Conformance.of(s, "a fragmented ping: control frames must not be fragmented, 1002 (5.4)",
                bytes(RawFrame.of(PING, seq(2)).fin(false), RawFrame.of(CONTINUATION, seq(2))),
                closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a fragmented pong: 1002 (5.4)",
                bytes(RawFrame.of(PONG, seq(2)).fin(false), RawFrame.of(CONTINUATION, seq(2))),
                closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a ping between fragments: answered in place, before the message (5.4, 5.5)",
                bytes(three[0], RawFrame.of(PING, seq(7)), three[1], three[2]), pong(seq(7)),
                reply("pong", "frag")));
        cases.add(Conformance.of(s, "a ping between fragments, written a byte at a time: the same",
                bytes(three[0], RawFrame.of(PING, seq(7)), three[1], three[2]), pong(seq(7)),
                reply("pong", "frag")).chopped(1));
        cases.add(Conformance.of(s, "an unsolicited pong between fragments: ignored, the message answered (5.4)",
                bytes(three[0], RawFrame.of(PONG, seq(9)), three[1], three[2]), reply("pong", "frag")));
        RawFrame[] many = RawFrame.fragments(TEXT, pingRequest("many"), 10);
        byte[] interleaved = new byte[0];
        List<Conformance.Expect> expect = new ArrayList<>();
        for (int i = 0; i < many.length; i++) {
            interleaved = cat(interleaved, many[i].bytes());
            if (i < many.length - 1) {
                interleaved = cat(interleaved, RawFrame.of(PING, seq(i)).bytes());
                expect.add(pong(seq(i)));
            }
        }
        expect.add(reply("pong", "many"));
        cases.add(new Conformance(s, "10 fragments with a ping after each but the last: 9 pongs, then the reply",
                interleaved, expect, 0));
        cases.add(Conformance.of(s, "text fragments of which some are empty: one message (5.4)",
                bytes(RawFrame.of(TEXT, new byte[0]).fin(false), three[1].fin(false).rsv(0),
                        RawFrame.of(CONTINUATION, new byte[0]).fin(false), RawFrame.of(CONTINUATION,
                                new byte[0])), reply("error", null)));
        cases.add(Conformance.of(s, "a continuation with nothing to continue (FIN set): 1002 (5.4)",
                RawFrame.of(CONTINUATION, pingRequest("c")).bytes(), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a continuation with nothing to continue (FIN clear): 1002 (5.4)",
                RawFrame.of(CONTINUATION, pingRequest("c")).fin(false).bytes(), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s,
                "a continuation after a complete message: 1002, the reply if any before it (5.4)",
                bytes(request("done"), RawFrame.of(CONTINUATION, seq(3))), maybeReply("pong", "done"),
                closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a new text frame inside a fragmented message: 1002 (5.4)",
                bytes(three[0], request("new")), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a new binary frame inside a fragmented text message: 1002 (5.4)",
                bytes(three[0], RawFrame.of(BINARY, seq(4))), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a close between fragments: the close is answered (5.4, 5.5.1)",
                bytes(three[0], RawFrame.close(1000, new byte[0])), closes(1000)));
        return cases;
    }

    /** UTF-8 (Autobahn 6.x): text must be valid UTF-8, whole or split across fragments; else 1007 (8.1). */
    static List<Conformance> utf8() {
        List<Conformance> cases = new ArrayList<>();
        String s = "utf-8";
        String greek = "κόσμε-\uD83D\uDE00";
        byte[] valid = pingRequest(greek);
        cases.add(Conformance.of(s, "valid multi-byte UTF-8 (2, 3 and 4 bytes): answered", RawFrame.of(TEXT, valid)
                .bytes(), reply("pong", greek)));
        cases.add(Conformance.of(s, "valid UTF-8 split into one fragment per byte, code points cut: answered",
                bytes(RawFrame.fragments(TEXT, valid, valid.length)), reply("pong", greek)));
        String[][] invalid = {
            {"C0 80", "an overlong NUL"}, {"E0 80 AF", "an overlong '/'"}, {"ED A0 80", "a UTF-16 surrogate"},
            {"F4 90 80 80", "a code point above U+10FFFF"}, {"FE", "byte FE"}, {"FF", "byte FF"},
            {"80", "a lone continuation byte"}, {"E2 82", "a truncated sequence"},
            {"F8 88 80 80 80", "a 5-byte sequence"}};
        for (String[] bad : invalid) {
            byte[] message = cat(cat("{\"type\":\"ping\",\"id\":\"".getBytes(StandardCharsets.UTF_8),
                    hex(bad[0])), "\"}".getBytes(StandardCharsets.UTF_8));
            cases.add(Conformance.of(s, "text with " + bad[1] + " (" + bad[0] + "): 1007 (8.1)",
                    RawFrame.of(TEXT, message).bytes(), closes(INVALID_PAYLOAD)));
            cases.add(Conformance.of(s, "text with " + bad[1] + " (" + bad[0] + ") in one fragment per byte: 1007",
                    bytes(RawFrame.fragments(TEXT, message, message.length)), closes(INVALID_PAYLOAD)));
        }
        byte[] start = "{\"type\":\"ping\",\"id\":\"a".getBytes(StandardCharsets.UTF_8);
        cases.add(Conformance.of(s, "a surrogate split across two fragments (ED | A0 80): 1007",
                bytes(RawFrame.of(TEXT, cat(start, hex("ED"))).fin(false),
                        RawFrame.of(CONTINUATION, cat(hex("A0 80"), "\"}".getBytes(StandardCharsets.UTF_8)))),
                closes(INVALID_PAYLOAD)));
        cases.add(Conformance.of(s, "a message ending inside a code point (CE at its end): 1007",
                RawFrame.of(TEXT, cat(start, hex("CE"))).bytes(), closes(INVALID_PAYLOAD)));
        cases.add(Conformance.of(s, "a final fragment ending inside a code point: 1007",
                bytes(RawFrame.of(TEXT, start).fin(false), RawFrame.of(CONTINUATION, hex("E2 82"))),
                closes(INVALID_PAYLOAD)));
        return cases;
    }

    /** Close handling (Autobahn 7.x). */
    static List<Conformance> close() {
        List<Conformance> cases = new ArrayList<>();
        String s = "close";
        cases.add(Conformance.of(s, "a close with no payload: a close back, no code or 1000 (5.5.1, 7.4.1)",
                RawFrame.close(-1, new byte[0]).bytes(), closes(-1, 1000)));
        for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
            cases.add(Conformance.of(s, "a close with valid code " + code + ": a close back, 1000 or the echo "
                    + "(5.5.1, 7.4)", RawFrame.close(code, new byte[0]).bytes(), closes(1000, code)));
        }
        cases.add(Conformance.of(s, "a close with code 1000 and a 123-byte reason (the most): a close back",
                RawFrame.close(1000, "r".repeat(123).getBytes(StandardCharsets.UTF_8)).bytes(), closes(1000)));
        cases.add(Conformance.of(s, "a close with a UTF-8 reason: a close back",
                RawFrame.close(1000, "Tschüß κόσμε".getBytes(StandardCharsets.UTF_8)).bytes(), closes(1000)));
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999, 5000, 65535}) {
            cases.add(Conformance.of(s, "a close with invalid code " + code + ": 1002 (7.4.1, 7.4.2)",
                    RawFrame.close(code, new byte[0]).bytes(), closes(PROTOCOL_ERROR)));
        }
        cases.add(Conformance.of(s, "a close whose reason is invalid UTF-8: 1007 (5.5.1, 8.1)",
                RawFrame.close(1000, hex("CE BA E1 BD B9 CF 83 CE BC CE B5 ED A0 80 65 64 69 74 65 64")).bytes(),
                closes(INVALID_PAYLOAD)));
        cases.add(Conformance.of(s, "a close payload of 1 byte: 1002 (5.5.1)",
                RawFrame.of(RawFrame.CLOSE, new byte[] {3}).bytes(), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a close payload of 126 bytes: 1002 (5.5)",
                RawFrame.close(1000, "r".repeat(124).getBytes(StandardCharsets.UTF_8)).bytes(),
                closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a request after the close frame, same write: ignored, only the close (5.5.1)",
                bytes(RawFrame.close(1000, new byte[0]), request("late")), closes(1000)));
        cases.add(Conformance.of(s, "a ping after the close frame: no pong (5.5.1)",
                bytes(RawFrame.close(1000, new byte[0]), RawFrame.of(PING, seq(3))), closes(1000)));
        cases.add(Conformance.of(s, "a fragment after the close frame: ignored (5.5.1)",
                bytes(RawFrame.close(1000, new byte[0]), RawFrame.text("{").fin(false)), closes(1000)));
        return cases;
    }

    /** The size limit, {@code max.message.bytes}, enforced by the frame-size gate on the raw frames. */
    static List<Conformance> sizeLimit(int limit) {
        List<Conformance> cases = new ArrayList<>();
        String s = "size limit";
        byte[] at = pingRequest("at", limit);
        byte[] over = pingRequest("over", limit + 1);
        cases.add(Conformance.of(s, "text of exactly max.message.bytes in one frame: answered",
                RawFrame.of(TEXT, at).bytes(), reply("pong", "at")));
        cases.add(Conformance.of(s, "text of max.message.bytes + 1 in one frame: 1009 (7.4.1)",
                RawFrame.of(TEXT, over).bytes(), closes(TOO_BIG)));
        cases.add(Conformance.of(s, "text of exactly max.message.bytes in 5 fragments, a ping between: answered",
                bytes(interleave(RawFrame.fragments(TEXT, at, 5), RawFrame.of(PING, seq(125)))), pong(seq(125)),
                reply("pong", "at")));
        cases.add(Conformance.of(s, "text of max.message.bytes + 1 in 5 fragments: 1009",
                bytes(RawFrame.fragments(TEXT, over, 5)), closes(TOO_BIG)));
        cases.add(Conformance.of(s, "text of max.message.bytes + 1 in 5 fragments: 1009",
                bytes(RawFrame.fragments(TEXT, over, 5)), closes(TOO_BIG)).chopped(1021));
        cases.add(Conformance.of(s, "binary of max.message.bytes + 1: 1009", RawFrame.of(BINARY, seq(limit + 1))
                .bytes(), closes(TOO_BIG)));
        cases.add(Conformance.of(s,
                "a request, then an oversize message in the same write: 1009, the reply if any before it",
                bytes(request("before"), RawFrame.of(TEXT, over)), maybeReply("pong", "before"), closes(TOO_BIG)));
        cases.add(Conformance.of(s, "a header announcing 2^62 bytes: 1009 at once, nothing buffered",
                hugeHeader(1L << 62), closes(TOO_BIG)));
        cases.add(Conformance.of(s, "a header announcing 2^62 bytes, written a byte at a time: 1009",
                hugeHeader(1L << 62), closes(TOO_BIG)).chopped(1));
        return cases;
    }

    /** A masked text frame's header announcing {@code length} bytes, and 16 of them. */
    static byte[] hugeHeader(long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x81);
        out.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (length >>> shift) & 0xFF);
        }
        out.writeBytes(new byte[] {1, 2, 3, 4});
        out.writeBytes(new byte[16]);
        return out.toByteArray();
    }

    private static RawFrame[] interleave(RawFrame[] fragments, RawFrame control) {
        List<RawFrame> all = new ArrayList<>();
        for (int i = 0; i < fragments.length; i++) {
            all.add(fragments[i]);
            if (i == 1) {
                all.add(control);
            }
        }
        return all.toArray(RawFrame[]::new);
    }

    static byte[] cat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static byte[] hex(String spaced) {
        String[] parts = spaced.split(" ");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }
}
