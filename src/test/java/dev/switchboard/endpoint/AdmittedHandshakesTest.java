package dev.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The filter-to-configurator handoff: taken at most once, and nothing left once the request's filter is done. */
class AdmittedHandshakesTest {

    private final AtomicLong now = new AtomicLong();
    private final AdmittedHandshakes handoff = new AdmittedHandshakes(now::get);

    @Test
    void anEntryIsTakenOnce() {
        HandshakeInfo info = new HandshakeInfo("u", "10.0.0.1", null);
        handoff.put("key", info);

        assertThat(handoff.take("key")).containsSame(info);
        assertThat(handoff.take("key")).isEmpty();
    }

    @Test
    void anEntryNobodyTookIsGoneOnceItsRequestEnds() {
        HandshakeInfo info = new HandshakeInfo("u", "10.0.0.1", null);
        handoff.put("key", info);

        handoff.end("key", info);

        assertThat(handoff.take("key")).as("a later handshake reusing the client-chosen key finds nothing").isEmpty();
    }

    @Test
    void endingOneRequestKeepsAnotherRequestsEntryUnderTheSameKey() {
        HandshakeInfo first = new HandshakeInfo("a", "10.0.0.1", null);
        HandshakeInfo second = new HandshakeInfo("b", "10.0.0.2", null);
        handoff.put("key", first);
        handoff.put("key", second);

        handoff.end("key", first);

        assertThat(handoff.take("key")).containsSame(second);
    }

    @Test
    void anEntryOlderThanTheTtlIsNotHandedOut() {
        handoff.put("key", new HandshakeInfo("u", "10.0.0.1", null));
        now.addAndGet(AdmittedHandshakes.TTL.toNanos() + 1);

        assertThat(handoff.take("key")).isEmpty();
    }
}
