package dev.switchboard.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import dev.switchboard.channel.StreamPosition;
import dev.switchboard.protocol.ChannelMessage;

/**
 * One channel's delivery order on this node: the last offset delivered (in an epoch), the messages that arrived
 * early, and when to fill a gap from the stream. Pub/sub is at-most-once, so a message past a gap waits until the
 * fill brings the missing ones; a check of the top offset catches a lost tail. Pure state: no I/O, confined to the
 * broker's delivery thread. Each event returns what to deliver, in order, and whether to read the stream.
 */
final class ChannelTrack {

    /** What an event asks for: deliver these now, in order; then read the stream after {@code fillSince} if ≥ 0. */
    record Step(List<ChannelMessage> deliver, long fillSince) {

        static final Step NOTHING = new Step(List.of(), -1);

        boolean fills() {
            return fillSince >= 0;
        }
    }

    private final TreeMap<Long, ChannelMessage> early = new TreeMap<>();
    private String epoch;
    private long last;
    private boolean started;
    private boolean filling;

    /** @return whether the start position is known */
    boolean started() {
        return started;
    }

    /** @return the position delivered so far; only once {@link #started()} */
    StreamPosition position() {
        return new StreamPosition(last, epoch);
    }

    /** The channel's position when this node began listening: everything after it is delivered. */
    Step onStarted(StreamPosition start) {
        epoch = start.epoch();
        last = start.offset();
        started = true;
        early.values().removeIf(m -> !m.epoch().equals(epoch)); // published before we knew the epoch
        return drain(new ArrayList<>());
    }

    /** A message arrived over pub/sub. */
    Step onMessage(ChannelMessage m) {
        if (started && !filling && !m.epoch().equals(epoch)) {
            newEpoch(m.epoch()); // Redis lost the channel (restart without data): offsets start again
        }
        if (!started || m.epoch().equals(epoch)) {
            early.put(m.offset(), m);
        }
        return started && !filling ? drain(new ArrayList<>()) : Step.NOTHING;
    }

    /**
     * A fill answered: {@code messages} follow {@code since} in the stream, whose position is {@code top}. A gap
     * the stream no longer holds is skipped (those messages are gone for every node).
     */
    Step onFilled(List<ChannelMessage> messages, StreamPosition top) {
        filling = false;
        if (!top.epoch().equals(epoch)) {
            newEpoch(top.epoch());
        }
        for (ChannelMessage m : messages) {
            if (m.offset() > last && m.epoch().equals(epoch)) {
                early.put(m.offset(), m);
            }
        }
        if (messages.isEmpty()) {
            // The stream holds nothing more after last: skip to what arrived, or to the top; they are gone.
            last = early.isEmpty() ? Math.max(last, top.offset()) : early.firstKey() - 1;
        } else if (!early.isEmpty() && early.firstKey() > last + 1) {
            last = early.firstKey() - 1; // the stream starts later (trimmed or expired): skip the lost ones
        }
        Step step = drain(new ArrayList<>());
        if (!step.fills() && !messages.isEmpty() && last < top.offset()) {
            filling = true; // the fill was cut short by its limit: read on
            return new Step(step.deliver(), last);
        }
        return step;
    }

    /** A fill failed (Redis away): the next check tries again. */
    void onFillFailed() {
        filling = false;
    }

    /** The periodic check read the channel's top offset: a lost tail, or a new epoch, starts a fill. */
    Step onChecked(StreamPosition top) {
        if (!started || filling) {
            return Step.NOTHING;
        }
        if (!top.epoch().equals(epoch)) {
            newEpoch(top.epoch());
        }
        if (top.offset() > last || !early.isEmpty()) {
            filling = true;
            return new Step(List.of(), last);
        }
        return Step.NOTHING;
    }

    private void newEpoch(String next) {
        epoch = next;
        last = 0;
        early.clear();
    }

    /** Takes the in-order run after {@code last}; at a gap, asks for a fill. */
    private Step drain(List<ChannelMessage> out) {
        while (!early.isEmpty()) {
            long first = early.firstKey();
            if (first <= last) {
                early.pollFirstEntry(); // delivered already (a fill overlapped pub/sub)
            } else if (first == last + 1) {
                out.add(early.pollFirstEntry().getValue());
                last = first;
            } else {
                filling = true;
                return new Step(out, last);
            }
        }
        return new Step(out, -1);
    }
}
