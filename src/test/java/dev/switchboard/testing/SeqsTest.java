package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqsTest {

    @Test
    void comparesWithWhatWasExpectedAndSaysWhereItDiffers() {
        Seqs seqs = new Seqs();
        for (long seq = 1; seq <= 1000; seq++) {
            seqs.add(seq);
        }
        long[] expected = new long[1000];
        for (int i = 0; i < 1000; i++) {
            expected[i] = i + 1;
        }
        assertThat(seqs.equalTo(expected)).isTrue();
        assertThat(seqs.differenceFrom(expected)).isEmpty();
        assertThat(seqs.differenceFrom(new long[] {1, 2, 4})).isEqualTo("at #2 received seq 3, expected 4 "
                + "(received 1000 of 3)");
        seqs.add(1001);
        assertThat(seqs.equalTo(expected)).isFalse();
        assertThat(seqs.differenceFrom(expected)).isEqualTo("received 1 more than expected, first extra seq 1001");
        Seqs few = new Seqs();
        few.add(1);
        assertThat(few.differenceFrom(new long[] {1, 2})).isEqualTo("received 1 of 2, next missing seq 2");
    }

    @Test
    void leavesSeqsInDoubtOutButNotTwice() {
        Seqs seqs = new Seqs();
        for (long seq : new long[] {1, 2, 3, 4}) {
            seqs.add(seq);
        }
        assertThat(seqs.differenceFrom(new long[] {1, 2, 4}, new long[] {3})).isEmpty();
        assertThat(seqs.differenceFrom(new long[] {1, 2, 3, 4}, new long[] {5})).isEmpty();
        assertThat(seqs.differenceFrom(new long[] {1, 4}, new long[] {3})).isEqualTo("at #1 received seq 2, expected 4 "
                + "(received 3 of 2)");
        seqs.add(3);
        assertThat(seqs.differenceFrom(new long[] {1, 2, 4}, new long[] {3})).isEqualTo("seq 3 (in doubt) received "
                + "twice");
    }
}
