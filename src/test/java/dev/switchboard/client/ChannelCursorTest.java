package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Dedupe by offset, gaps before anything newer, and where a resubscription starts. */
class ChannelCursorTest {

    private final ChannelCursor cursor = new ChannelCursor("c");

    @Test
    void theFirstSubscriptionStartsAtTheLatestOffset() {
        assertThat(cursor.positioned()).isFalse();
        assertThat(cursor.subscribed("e1", 7, null)).isEmpty();
        assertThat(cursor.positioned()).isTrue();
        assertThat(cursor.last()).isEqualTo(7);
        assertThat(cursor.arrived("e1", 7).deliver()).as("not after the start").isFalse();
        assertThat(cursor.arrived("e1", 8).deliver()).isTrue();
    }

    @Test
    void duplicatesAcrossReplayAndLiveAreDropped() {
        cursor.subscribed("e1", 0, null);
        assertThat(cursor.arrived("e1", 1).deliver()).isTrue();
        assertThat(cursor.arrived("e1", 2).deliver()).isTrue();
        cursor.suspend();
        assertThat(cursor.arrived("e1", 3).deliver()).as("nothing between connections").isFalse();
        assertThat(cursor.subscribed("e1", 4, true)).isEmpty();
        assertThat(cursor.arrived("e1", 2).deliver()).isFalse();
        assertThat(cursor.arrived("e1", 3).deliver()).isTrue();
        assertThat(cursor.arrived("e1", 3).deliver()).isFalse();
        assertThat(cursor.arrived("e1", 4).deliver()).isTrue();
        assertThat(cursor.last()).isEqualTo(4);
    }

    @Test
    void notRecoveredIsAGapFromTheLastDeliveredToTheHubsLatest() {
        cursor.subscribed("e1", 0, null);
        cursor.arrived("e1", 1);
        cursor.suspend();
        Gap gap = cursor.subscribed("e1", 500, false).orElseThrow();
        assertThat(gap).isEqualTo(new Gap("c", "e1", 1, "e1", 500, Gap.Reason.NOT_RECOVERED));
        assertThat(cursor.arrived("e1", 500).deliver()).isFalse();
        assertThat(cursor.arrived("e1", 501).deliver()).isTrue();
    }

    @Test
    void aNewEpochIsAGapEvenWhenTheHubSaysRecovered() {
        cursor.subscribed("e1", 3, null);
        cursor.suspend();
        Gap gap = cursor.subscribed("e2", 0, true).orElseThrow();
        assertThat(gap.reason()).isEqualTo(Gap.Reason.EPOCH_CHANGED);
        assertThat(gap.lastEpoch()).isEqualTo("e1");
        assertThat(gap.epoch()).isEqualTo("e2");
        assertThat(cursor.arrived("e2", 1).deliver()).isTrue();
    }

    @Test
    void aLiveMessageOfAnotherEpochOrBeyondTheNextOffsetComesAfterAGap() {
        cursor.subscribed("e1", 0, null);
        cursor.arrived("e1", 1);
        ChannelCursor.Verdict skipped = cursor.arrived("e1", 4);
        assertThat(skipped.deliver()).isTrue();
        assertThat(skipped.gap()).contains(new Gap("c", "e1", 1, "e1", 3, Gap.Reason.OFFSET_SKIPPED));
        ChannelCursor.Verdict reborn = cursor.arrived("e9", 1);
        assertThat(reborn.deliver()).isTrue();
        assertThat(reborn.gap()).contains(new Gap("c", "e1", 4, "e9", 0, Gap.Reason.EPOCH_CHANGED));
        assertThat(cursor.epoch()).isEqualTo("e9");
    }
}
