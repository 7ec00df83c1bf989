package dev.switchboard.channel;

import java.util.List;
import java.util.Objects;

import dev.switchboard.protocol.ChannelMessage;

/**
 * The answer of a history read. Immutable.
 *
 * @param position  the channel's position when the read was made
 * @param messages  messages with offsets above the asked {@code since}, ascending and gap-free
 * @param recovered {@code true} when no message after {@code since} was lost (see {@link HistoryStore#read} and
 *                  {@link HistoryStore#recover} for the exact rules)
 */
public record HistoryRead(StreamPosition position, List<ChannelMessage> messages, boolean recovered) {

    public HistoryRead {
        Objects.requireNonNull(position, "position");
        messages = List.copyOf(messages);
    }

    /**
     * @return this read with only as many messages, from the first, as fit in {@code maxBytes} of encoded frames
     *         (at least one); itself when all fit
     */
    public HistoryRead truncatedTo(long maxBytes) {
        long bytes = 0;
        for (int i = 0; i < messages.size(); i++) {
            bytes += messages.get(i).frame().payloadBytes();
            if (bytes > maxBytes && i > 0) {
                return new HistoryRead(position, messages.subList(0, i), recovered);
            }
        }
        return this;
    }

    /** @return whether the channel has messages after the last listed one (after {@code since} if none is listed) */
    public boolean hasMore(long since) {
        return lastOffset(since) < position.offset();
    }

    /** @return the offset of the last listed message, or {@code fallback} when none is listed */
    public long lastOffset(long fallback) {
        return messages.isEmpty() ? fallback : messages.get(messages.size() - 1).offset();
    }
}
