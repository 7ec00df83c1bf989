package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SustainedExcessTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final long START = Long.MAX_VALUE - 20 * SECOND;

    /** Sends {@code count} messages of {@code bytes} over the window starting {@code window} s after START. */
    private static boolean window(SustainedExcess rule, int window, int count, long bytes) {
        boolean close = false;
        for (int i = 0; i < count; i++) {
            close |= rule.record(START + window * SECOND + i * (SECOND / count), bytes);
        }
        return close;
    }

    @Test
    void fiveWholeSecondsAboveThreeTimesTheMessageRateEndTheConnectionInTheSixth() {
        SustainedExcess rule = new SustainedExcess(10, 1_000_000);
        for (int s = 0; s < 5; s++) {
            assertThat(window(rule, s, 31, 1)).as("second %d", s).isFalse();
        }
        assertThat(rule.record(START + 5 * SECOND, 1)).as("first message after five excess seconds").isTrue();
    }

    @Test
    void exactlyThreeTimesTheRateIsNotExcess() {
        SustainedExcess rule = new SustainedExcess(10, 1_000_000);
        for (int s = 0; s < 8; s++) {
            assertThat(window(rule, s, 30, 1)).as("second %d", s).isFalse();
        }
    }

    @Test
    void bytesCountToo() {
        SustainedExcess rule = new SustainedExcess(1_000, 100);
        for (int s = 0; s < 5; s++) {
            assertThat(window(rule, s, 4, 100)).as("400 bytes in second %d", s).isFalse();
        }
        assertThat(rule.record(START + 5 * SECOND, 1)).isTrue();
    }

    @Test
    void aCalmSecondOrASilentOneBreaksTheStreak() {
        SustainedExcess calm = new SustainedExcess(10, 1_000_000);
        for (int s = 0; s < 4; s++) {
            window(calm, s, 31, 1);
        }
        assertThat(window(calm, 4, 5, 1)).isFalse();
        for (int s = 5; s < 9; s++) {
            assertThat(window(calm, s, 31, 1)).as("second %d", s).isFalse();
        }

        SustainedExcess silent = new SustainedExcess(10, 1_000_000);
        for (int s = 0; s < 4; s++) {
            window(silent, s, 31, 1);
        }
        for (int s = 5; s < 9; s++) {
            assertThat(window(silent, s, 31, 1)).as("after a silent second 4: second %d", s).isFalse();
        }
        assertThat(silent.record(START + 10 * SECOND, 1)).isFalse();
    }
}
