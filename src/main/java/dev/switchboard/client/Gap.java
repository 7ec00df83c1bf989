package dev.switchboard.client;

/**
 * Messages of a channel the client could not deliver: those after {@code lastOffset} of {@code lastEpoch} up to and
 * including {@code resumedAfter} of {@code epoch}. Delivery goes on after {@code resumedAfter}. Some may still be in
 * the hub's history ({@link SwitchboardClient#history}) when the epoch did not change.
 *
 * @param channel the channel
 * @param lastEpoch the epoch of the last delivered message ({@code null} if none was)
 * @param lastOffset the offset of the last delivered message (or where the subscription started)
 * @param epoch the channel's epoch from now on
 * @param resumedAfter messages after this offset of {@code epoch} are delivered again
 * @param reason why
 */
public record Gap(String channel, String lastEpoch, long lastOffset, String epoch, long resumedAfter,
        Reason reason) {

    /** Why messages were missed. */
    public enum Reason {
        /** The hub answered {@code recovered:false}: history no longer holds what was missed. */
        NOT_RECOVERED,
        /** The channel's epoch changed: the hub lost its history (a restart, or the channel idled past its TTL). */
        EPOCH_CHANGED,
        /** A message arrived with an offset beyond the next one. */
        OFFSET_SKIPPED
    }
}
