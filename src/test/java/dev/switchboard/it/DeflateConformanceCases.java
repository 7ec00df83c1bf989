package dev.switchboard.it;

import static dev.switchboard.it.Conformance.closes;
import static dev.switchboard.it.Conformance.pong;
import static dev.switchboard.it.Conformance.reply;
import static dev.switchboard.it.ConformanceCases.INVALID_PAYLOAD;
import static dev.switchboard.it.ConformanceCases.PROTOCOL_ERROR;
import static dev.switchboard.it.ConformanceCases.TOO_BIG;
import static dev.switchboard.it.ConformanceCases.bytes;
import static dev.switchboard.it.ConformanceCases.cat;
import static dev.switchboard.it.ConformanceCases.hex;
import static dev.switchboard.it.ConformanceCases.pingRequest;
import static dev.switchboard.it.ConformanceCases.request;
import static dev.switchboard.it.ConformanceCases.seq;
import static dev.switchboard.testing.RawFrame.BINARY;
import static dev.switchboard.testing.RawFrame.CONTINUATION;
import static dev.switchboard.testing.RawFrame.PING;
import static dev.switchboard.testing.RawFrame.TEXT;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.testing.Deflate;
import dev.switchboard.testing.RawFrame;

/** The conformance cases for compressed frames (RFC 7692), on a connection that negotiated permessage-deflate. */
final class DeflateConformanceCases {

    private DeflateConformanceCases() {
    }

    /**
     * Compressed messages (RFC 7692, Autobahn 12.x/13.x) on a connection that negotiated permessage-deflate; the
     * size limit applies to the inflated size.
     */
    static List<Conformance> compression(int limit) {
        List<Conformance> cases = new ArrayList<>();
        String s = "permessage-deflate";
        byte[] request = pingRequest("z", 2000);
        RawFrame compressed = deflated(TEXT, request);
        cases.add(Conformance.of(s, "a compressed request (RSV1, 2000 bytes inflated): answered (7692 6.2)",
                compressed.bytes(), reply("pong", "z")));
        Deflate context = new Deflate();
        byte[] first = context.compress(pingRequest("c1", 1000));
        byte[] second = context.compress(pingRequest("c2", 1000));
        context.close();
        cases.add(Conformance.of(s, "two compressed requests, the second using the first's window (context "
                + "takeover): both answered (7692 7.2.3.2)", bytes(RawFrame.of(TEXT, first).rsv(RawFrame.RSV1),
                RawFrame.of(TEXT, second).rsv(RawFrame.RSV1)), reply("pong", "c1"), reply("pong", "c2")));
        RawFrame[] parts = compressedFragments(request, 3);
        cases.add(Conformance.of(s,
                "a compressed request in 3 fragments, RSV1 on the first only: answered (7692 6.1)",
                bytes(parts), reply("pong", "z")));
        cases.add(Conformance.of(s,
                "a compressed request in 3 fragments with a ping between: pong, then the reply",
                bytes(parts[0], RawFrame.of(PING, seq(5)), parts[1], parts[2]), pong(seq(5)), reply("pong", "z")));
        cases.add(Conformance.of(s, "an uncompressed request on a compressing connection: answered (7692 6)",
                request("plain").bytes(), reply("pong", "plain")));
        cases.add(Conformance.of(s, "a compressed empty message: the error for non-JSON text",
                deflated(TEXT, new byte[0]).bytes(), reply("error", null)));
        cases.add(Conformance.of(s, "a compressed binary message: the documented bad_request error",
                deflated(BINARY, seq(3000)).bytes(), reply("error", null)));
        cases.add(Conformance.of(s, "RSV1 on a ping: control frames are never compressed, 1002 (7692 6.1)",
                RawFrame.of(PING, seq(3)).rsv(RawFrame.RSV1).bytes(), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "RSV1 on a continuation of a compressed message: 1002 (7692 6.1)",
                bytes(parts[0], parts[1].rsv(RawFrame.RSV1), parts[2]), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "RSV1 on a continuation of an uncompressed message: 1002 (7692 6.1)",
                bytes(RawFrame.text("{\"type\":").fin(false), RawFrame.of(CONTINUATION,
                        "\"ping\"}".getBytes(StandardCharsets.UTF_8)).rsv(RawFrame.RSV1)),
                closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "RSV2 on a compressed message: 1002 (6455 5.2)",
                compressed.rsv(RawFrame.RSV1 | RawFrame.RSV2).bytes(), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a new text frame inside a compressed fragmented message: 1002 (6455 5.4)",
                bytes(parts[0], request("new")), closes(PROTOCOL_ERROR)));
        cases.add(Conformance.of(s, "a compressed payload that is not DEFLATE data: 1007",
                RawFrame.of(TEXT, hex("FF FF FF FF 00 11")).rsv(RawFrame.RSV1).bytes(), closes(INVALID_PAYLOAD)));
        byte[] badUtf8 = cat(cat("{\"type\":\"ping\",\"id\":\"".getBytes(StandardCharsets.UTF_8), hex("ED A0 80")),
                "\"}".getBytes(StandardCharsets.UTF_8));
        cases.add(Conformance.of(s, "a compressed text message that inflates to invalid UTF-8: 1007 (6455 8.1)",
                deflated(TEXT, badUtf8).bytes(), closes(INVALID_PAYLOAD)));
        cases.add(Conformance.of(s, "a compressed message inflating to exactly max.message.bytes: answered",
                deflated(TEXT, pingRequest("at", limit)).bytes(), reply("pong", "at")));
        cases.add(Conformance.of(s, "a compressed message inflating to max.message.bytes + 1: 1009",
                deflated(TEXT, pingRequest("over", limit + 1)).bytes(), closes(TOO_BIG)));
        cases.add(Conformance.of(s, "a compressed message inflating to max.message.bytes + 1 in 4 fragments: 1009",
                bytes(compressedFragments(pingRequest("over", limit + 1), 4)), closes(TOO_BIG)));
        byte[] bomb = Deflate.bomb(64L * 1024 * 1024);
        cases.add(Conformance.of(s, "a zip bomb, " + bomb.length / 1024 + " KiB inflating to 64 MiB: 1009",
                RawFrame.of(TEXT, bomb).rsv(RawFrame.RSV1).bytes(), closes(TOO_BIG)));
        return cases;
    }

    /** @return a one-frame compressed message (RSV1), compressed with no context */
    static RawFrame deflated(int opcode, byte[] message) {
        return RawFrame.of(opcode, Deflate.compressAlone(message)).rsv(RawFrame.RSV1);
    }

    /** @return a compressed text message cut into {@code n} frames, RSV1 on the first only */
    static RawFrame[] compressedFragments(byte[] message, int n) {
        RawFrame[] parts = RawFrame.fragments(TEXT, Deflate.compressAlone(message), n);
        parts[0] = parts[0].rsv(RawFrame.RSV1);
        return parts;
    }
}
