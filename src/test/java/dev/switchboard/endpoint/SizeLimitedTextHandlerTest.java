package dev.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SizeLimitedTextHandlerTest {

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger closes = new AtomicInteger();
    private final List<String> messages = new ArrayList<>();
    private final SizeLimitedTextHandler handler = new SizeLimitedTextHandler(10, messages::add,
            new OversizeMessage(now::get, Duration.ofSeconds(5), closes::incrementAndGet));

    @Test
    void gathersFragmentsUpToTheLimitCountingUtf8Bytes() {
        handler.onMessage("abcd", false);
        handler.onMessage("é€", false); // 2 + 3 bytes
        handler.onMessage("x", true);   // 10 bytes in all
        handler.onMessage("0123456789", true);
        assertThat(messages).containsExactly("abcdé€x", "0123456789");
        assertThat(closes).hasValue(0);
    }

    @Test
    void anOversizeMessageIsDroppedAndClosedWhenItEnds() {
        handler.onMessage("0123456", false);
        handler.onMessage("789ab", false); // over the limit: nothing more is kept
        handler.onMessage("more", false);
        assertThat(closes).as("not while the peer is still sending").hasValue(0);
        handler.onMessage("end", true);
        assertThat(closes).hasValue(1);
        handler.onMessage("after", true);
        assertThat(closes).hasValue(1);
        assertThat(messages).isEmpty();
    }

    @Test
    void anOversizeMessageThatNeverEndsIsClosedAfterTheDiscardLimit() {
        handler.onMessage("0123456789ab", false);
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        handler.onMessage("x", false);
        assertThat(closes).hasValue(0);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        handler.onMessage("x", false);
        assertThat(closes).hasValue(1);
    }

    @Test
    void aSingleOversizeFrameClosesAtOnce() {
        handler.onMessage("0123456789abc", true);
        assertThat(closes).hasValue(1);
        assertThat(messages).isEmpty();
    }
}
