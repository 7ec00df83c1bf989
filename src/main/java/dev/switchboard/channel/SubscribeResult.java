package dev.switchboard.channel;

import java.util.Objects;

/**
 * Where a subscription started, decided under the channel's lock. Immutable.
 *
 * @param position  the channel's latest offset and epoch when the subscription took effect
 * @param recovered null when the subscriber asked for no recovery; otherwise whether the messages after its
 *                  {@code since} are replayed right after this result (see {@link HistoryStore#recover})
 */
public record SubscribeResult(StreamPosition position, Boolean recovered) {

    public SubscribeResult {
        Objects.requireNonNull(position, "position");
    }
}
