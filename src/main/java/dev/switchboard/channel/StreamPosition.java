package dev.switchboard.channel;

import java.util.Objects;

/**
 * Where a channel's stream stands: its latest offset and its epoch. Immutable.
 *
 * @param offset the latest offset given to a message, {@code 0} if nothing was published in this epoch
 * @param epoch  the channel's epoch; a different epoch means offsets started again and old offsets mean nothing
 */
public record StreamPosition(long offset, String epoch) {

    public StreamPosition {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        Objects.requireNonNull(epoch, "epoch");
    }
}
