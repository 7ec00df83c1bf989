package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.channel.StreamPosition;
import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.OutboundFrame;

/** A node's delivery order per channel: in order once, gaps filled from the stream, lost tails found by checks. */
class ChannelTrackTest {

    private final ChannelTrack track = new ChannelTrack();

    @Test
    void messagesAfterTheStartAreDeliveredInOrderOnce() {
        assertThat(offsets(track.onStarted(new StreamPosition(3, "e")).deliver())).isEmpty();
        assertThat(offsets(track.onMessage(m(3, "e")).deliver())).as("before the start: a duplicate").isEmpty();
        assertThat(offsets(track.onMessage(m(4, "e")).deliver())).containsExactly(4L);
        assertThat(offsets(track.onMessage(m(4, "e")).deliver())).isEmpty();
        assertThat(offsets(track.onMessage(m(5, "e")).deliver())).containsExactly(5L);
        assertThat(track.position()).isEqualTo(new StreamPosition(5, "e"));
    }

    @Test
    void messagesBeforeTheStartWaitForIt() {
        assertThat(track.onMessage(m(6, "e")).deliver()).isEmpty();
        ChannelTrack.Step step = track.onStarted(new StreamPosition(5, "e"));
        assertThat(offsets(step.deliver())).containsExactly(6L);
        assertThat(step.fills()).isFalse();
    }

    @Test
    void aGapIsFilledFromTheStreamBeforeLaterMessages() {
        track.onStarted(new StreamPosition(1, "e"));
        ChannelTrack.Step gap = track.onMessage(m(4, "e"));
        assertThat(gap.deliver()).isEmpty();
        assertThat(gap.fillSince()).isEqualTo(1);
        assertThat(track.onMessage(m(5, "e")).deliver()).as("waits behind the fill").isEmpty();

        ChannelTrack.Step filled = track.onFilled(List.of(m(2, "e"), m(3, "e"), m(4, "e")),
                new StreamPosition(5, "e"));
        assertThat(offsets(filled.deliver())).containsExactly(2L, 3L, 4L, 5L);
        assertThat(filled.fills()).isFalse();
    }

    @Test
    void aGapTheStreamNoLongerHoldsIsSkipped() {
        track.onStarted(new StreamPosition(1, "e"));
        track.onMessage(m(9, "e"));
        ChannelTrack.Step filled = track.onFilled(List.of(m(7, "e"), m(8, "e"), m(9, "e")),
                new StreamPosition(9, "e"));
        assertThat(offsets(filled.deliver())).containsExactly(7L, 8L, 9L);
    }

    @Test
    void aCheckFindsALostTailAndAFailedFillIsRetriedByTheNextCheck() {
        track.onStarted(new StreamPosition(2, "e"));
        assertThat(track.onChecked(new StreamPosition(2, "e")).fills()).isFalse();
        ChannelTrack.Step check = track.onChecked(new StreamPosition(4, "e"));
        assertThat(check.fillSince()).isEqualTo(2);
        assertThat(track.onChecked(new StreamPosition(4, "e")).fills()).as("one fill at a time").isFalse();
        track.onFillFailed();
        assertThat(track.onChecked(new StreamPosition(4, "e")).fillSince()).isEqualTo(2);
        ChannelTrack.Step filled = track.onFilled(List.of(m(3, "e"), m(4, "e")), new StreamPosition(4, "e"));
        assertThat(offsets(filled.deliver())).containsExactly(3L, 4L);
    }

    @Test
    void aFillCutShortByItsLimitReadsOn() {
        track.onStarted(new StreamPosition(0, "e"));
        track.onChecked(new StreamPosition(5, "e"));
        ChannelTrack.Step first = track.onFilled(List.of(m(1, "e"), m(2, "e")), new StreamPosition(5, "e"));
        assertThat(offsets(first.deliver())).containsExactly(1L, 2L);
        assertThat(first.fillSince()).isEqualTo(2);
    }

    @Test
    void aNewEpochStartsTheOrderAgain() {
        track.onStarted(new StreamPosition(7, "old"));
        ChannelTrack.Step step = track.onMessage(m(1, "new"));
        assertThat(offsets(step.deliver())).containsExactly(1L);
        assertThat(track.position()).isEqualTo(new StreamPosition(1, "new"));
        ChannelTrack.Step gap = track.onChecked(new StreamPosition(3, "newer"));
        assertThat(gap.fillSince()).as("Redis lost the channel again: read the new epoch from its start").isZero();
    }

    private static ChannelMessage m(long offset, String epoch) {
        return new ChannelMessage("c", offset, epoch, "u", 0, OutboundFrame.of("{\"offset\":" + offset + "}"));
    }

    private static List<Long> offsets(List<ChannelMessage> messages) {
        return messages.stream().map(ChannelMessage::offset).toList();
    }
}
