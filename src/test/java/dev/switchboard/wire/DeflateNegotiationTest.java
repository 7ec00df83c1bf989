package dev.switchboard.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server's answer to a client's permessage-deflate offers (RFC 7692 7.1). */
class DeflateNegotiationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "permessage-deflate | permessage-deflate; server_no_context_takeover",
        "permessage-deflate; client_max_window_bits | permessage-deflate; server_no_context_takeover",
        "permessage-deflate; client_max_window_bits=10 | permessage-deflate; server_no_context_takeover",
        "permessage-deflate; client_no_context_takeover | "
                + "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
        "permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover",
        "permessage-deflate; server_max_window_bits=15 | "
                + "permessage-deflate; server_no_context_takeover; server_max_window_bits=15",
        "permessage-deflate; server_max_window_bits=10 | none",
        "permessage-deflate; server_max_window_bits | none",
        "permessage-deflate; client_max_window_bits=16 | none",
        "permessage-deflate; client_no_context_takeover=1 | none",
        "permessage-deflate; client_no_context_takeover; client_no_context_takeover | none",
        "permessage-deflate; mystery | none",
        "x-webkit-deflate-frame | none",
        "permessage-deflate; server_max_window_bits=9, permessage-deflate | "
                + "permessage-deflate; server_no_context_takeover",
        "foo, PERMESSAGE-DEFLATE ; Client_Max_Window_Bits | permessage-deflate; server_no_context_takeover",
    })
    void answersTheFirstOfferItCanHonour(String offer, String response) {
        assertThat(DeflateNegotiation.respond(List.of(offer)).orElse(null)).isEqualTo(response);
    }
}
