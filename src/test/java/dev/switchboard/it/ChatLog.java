package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.WsClient;

/** Reads a chatter's view of a chat whose messages carry {@code {"sender":k,"seq":n}}. */
final class ChatLog {

    private ChatLog() {
    }

    /**
     * Reads until the chatter received {@code total} messages and the {@code published} replies of its own {@code
     * perSender} publishes, checking that offsets run 1, 2, 3… in one epoch and each sender's seqs 1, 2, 3….
     *
     * @return "sender:seq" of each message, in offset order
     */
    static List<String> read(WsClient chatter, int total, int perSender, int senders) {
        List<String> log = new ArrayList<>();
        long[] nextSeq = new long[senders];
        int published = 0;
        String epoch = null;
        while (log.size() < total || published < perSender) {
            JsonNode frame = chatter.next();
            String type = frame.path("type").asText();
            assertThat(type).as("frame %s", frame).isIn("message", "published");
            if (type.equals("published")) {
                published++;
                continue;
            }
            epoch = epoch == null ? frame.get("epoch").asText() : epoch;
            assertThat(frame.get("epoch").asText()).isEqualTo(epoch);
            assertThat(frame.get("offset").asLong()).as("offset of %s", frame).isEqualTo(log.size() + 1);
            int sender = frame.get("data").get("sender").asInt();
            assertThat(frame.get("data").get("seq").asLong()).as("seq of %s", frame).isEqualTo(++nextSeq[sender]);
            log.add(sender + ":" + frame.get("data").get("seq").asLong());
        }
        assertThat(chatter.pending()).as("nothing after the chat").isZero();
        return log;
    }
}
