package dev.switchboard.client;

import java.util.Optional;

/**
 * Where one subscribed channel stands: the epoch and offset of the last message handed to the application, and
 * whether the subscription is live on the current connection. Decides, per arriving message, deliver or drop
 * (duplicates by offset) and when a {@link Gap} must be reported first. Not thread-safe: the event thread's.
 */
final class ChannelCursor {

    /** What to do with an arriving message: report {@code gap} first (when present), then deliver or drop. */
    record Verdict(boolean deliver, Optional<Gap> gap) {
    }

    private static final Verdict DROP = new Verdict(false, Optional.empty());
    private static final Verdict DELIVER = new Verdict(true, Optional.empty());

    private final String channel;
    private String epoch;
    private long last;
    private boolean live;

    ChannelCursor(String channel) {
        this.channel = channel;
    }

    /** @return whether the hub has answered {@code subscribed} once: then resubscribe with {@code since/epoch} */
    boolean positioned() {
        return epoch != null;
    }

    /** @return the epoch of the last delivered message, or of the first {@code subscribed} */
    String epoch() {
        return epoch;
    }

    /** @return the offset of the last delivered message (or the channel's latest at the first subscription) */
    long last() {
        return last;
    }

    /** The connection ended: messages are dropped until the next {@code subscribed}. */
    void suspend() {
        live = false;
    }

    /**
     * The hub answered {@code subscribed}.
     *
     * @param hubEpoch the channel's epoch
     * @param latest the channel's latest offset
     * @param recovered the hub's {@code recovered}, {@code null} when no {@code since} was sent
     * @return the gap to report, when the messages after {@link #last()} will not be replayed
     */
    Optional<Gap> subscribed(String hubEpoch, long latest, Boolean recovered) {
        live = true;
        if (epoch == null) {
            epoch = hubEpoch;
            last = latest;
            return Optional.empty();
        }
        boolean sameEpoch = epoch.equals(hubEpoch);
        if (Boolean.TRUE.equals(recovered) && sameEpoch) {
            return Optional.empty();
        }
        Gap gap = new Gap(channel, epoch, last, hubEpoch, latest,
                sameEpoch ? Gap.Reason.NOT_RECOVERED : Gap.Reason.EPOCH_CHANGED);
        epoch = hubEpoch;
        last = latest;
        return Optional.of(gap);
    }

    /** @return whether to deliver a message with this epoch and offset, and the gap to report before it */
    Verdict arrived(String messageEpoch, long offset) {
        if (!live) {
            return DROP;
        }
        Optional<Gap> gap = Optional.empty();
        if (!messageEpoch.equals(epoch)) {
            gap = Optional.of(new Gap(channel, epoch, last, messageEpoch, offset - 1, Gap.Reason.EPOCH_CHANGED));
        } else if (offset <= last) {
            return DROP;
        } else if (offset > last + 1) {
            gap = Optional.of(new Gap(channel, epoch, last, epoch, offset - 1, Gap.Reason.OFFSET_SKIPPED));
        } else {
            last = offset;
            return DELIVER;
        }
        epoch = messageEpoch;
        last = offset;
        return new Verdict(true, gap);
    }
}
