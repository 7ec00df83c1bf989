package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.switchboard.config.RateSettings;
import dev.switchboard.testing.FakeClock;

class ConnectionRateTest {

    private final FakeClock clock = new FakeClock();
    private final RateSettings rates = new RateSettings(10, 20, 1_000, 20, 50, 1_000);
    private final ConnectionRate rate = new ConnectionRate(new TokenBuckets(clock), rates, 500);

    @Test
    void theBurstPassesThenMessagesAreRefusedWithAHint() {
        for (int i = 0; i < 20; i++) {
            assertThat(rate.admit(clock.nanoTime(), 10)).as("message %d", i).isEqualTo(RateVerdict.ACCEPT);
        }
        RateVerdict refused = rate.admit(clock.nanoTime(), 10);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.kind()).isEqualTo("message");
        assertThat(refused.retryAfterMs()).as("10 per second: a token every 100 ms").isEqualTo(100);
        assertThat(refused.close()).isFalse();

        clock.advance(Duration.ofMillis(100));
        assertThat(rate.admit(clock.nanoTime(), 10).accepted()).isTrue();
    }

    @Test
    void bytesOverTheirRateAreRefusedAndGiveTheMessageTokenBack() {
        assertThat(rate.admit(clock.nanoTime(), 600).accepted()).isTrue();
        RateVerdict refused = rate.admit(clock.nanoTime(), 500);
        assertThat(refused.kind()).isEqualTo("bytes");
        assertThat(refused.retryAfterMs()).as("100 bytes missing at 1000 per second").isEqualTo(100);
        for (int i = 0; i < 19; i++) {
            assertThat(rate.admit(clock.nanoTime(), 1).accepted()).as("message tokens left: %d", i).isTrue();
        }
    }

    @Test
    void anEmptyMessageCostsAMessageTokenOnly() {
        for (int i = 0; i < 20; i++) {
            assertThat(rate.admit(clock.nanoTime(), 0).accepted()).as("message %d", i).isTrue();
        }
        assertThat(rate.admit(clock.nanoTime(), 0).kind()).isEqualTo("message");
    }

    @Test
    void aMessageAsLargeAsTheLimitPassesEvenAboveTheByteRate() {
        RateSettings lowByteRate = new RateSettings(10, 20, 100, 1, 1, 1);
        ConnectionRate small = new ConnectionRate(new TokenBuckets(clock), lowByteRate, 500);
        assertThat(small.admit(clock.nanoTime(), 500).accepted()).isTrue();
    }

    @Test
    void goingOnAtMoreThanThreeTimesTheRateForFiveSecondsCloses() {
        RateVerdict last = null;
        for (int ms = 0; ms < 5_000; ms += 10) {
            last = rate.admit(clock.nanoTime(), 1);
            assertThat(last.close()).as("at %d ms", ms).isFalse();
            clock.advance(Duration.ofMillis(10));
        }
        assertThat(last.accepted()).as("100 per second against 10").isFalse();
        assertThat(rate.admit(clock.nanoTime(), 1).close()).isTrue();
    }
}
