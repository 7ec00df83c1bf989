package dev.switchboard.client;

import java.util.List;

/**
 * The hub's {@code history} reply.
 *
 * @param channel the channel
 * @param epoch the channel's epoch
 * @param messages the held messages after {@code since}, ascending
 * @param recovered {@code false} when messages after {@code since} are no longer held
 * @param more {@code true} when there are messages after the last one listed: ask again from its offset
 */
public record History(String channel, String epoch, List<Message> messages, boolean recovered, boolean more) {
}
