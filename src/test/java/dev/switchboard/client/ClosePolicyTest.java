package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The close-code table from the client's side (docs/clients.md). */
class ClosePolicyTest {

    @Test
    void reconnectsAfterTheCodesThatSaySo() {
        for (int code : List.of(1000, 1001, 1006, 1011, 1012, 1013, 4000, 4008, 4009, 4010, 4029, 4499)) {
            assertThat(CloseCause.hub(code, "").reconnects()).as("after %d", code).isTrue();
        }
    }

    @Test
    void givesUpAfterTheOthers() {
        for (int code : List.of(1002, 1003, 1007, 1008, 1009, 1010, 4500, 4501, 4503, 4999)) {
            assertThat(CloseCause.hub(code, "").reconnects()).as("after %d", code).isFalse();
        }
    }

    @Test
    void theApplicationsOwnCloseAndHandshakeRefusals() {
        assertThat(CloseCause.application().reconnects()).isFalse();
        assertThat(new CloseCause(CloseCause.Kind.HANDSHAKE_REFUSED, 401, "", null).reconnects()).isFalse();
        assertThat(new CloseCause(CloseCause.Kind.HANDSHAKE_REFUSED, 403, "", null).reconnects()).isFalse();
        assertThat(new CloseCause(CloseCause.Kind.HANDSHAKE_REFUSED, 429, "", null).reconnects()).isTrue();
        assertThat(new CloseCause(CloseCause.Kind.HANDSHAKE_REFUSED, 503, "", null).reconnects()).isTrue();
        assertThat(CloseCause.transport(new java.io.IOException("reset")).reconnects()).isTrue();
        assertThat(new CloseCause(CloseCause.Kind.HUB_UNRESPONSIVE, 1006, "", null).reconnects()).isTrue();
        assertThat(new CloseCause(CloseCause.Kind.TOKEN_FAILED, 0, "", null).reconnects()).isTrue();
    }
}
