package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class HubUrlsTest {

    @Test
    void theReadyLineListsEveryUrlAPersonOpens() {
        HubUrls urls = HubUrls.of("127.0.0.1", 8080);
        assertThat(urls.websocket()).isEqualTo(URI.create("ws://127.0.0.1:8080/ws"));
        assertThat(urls.readyLine()).isEqualTo("Switchboard ready: chat http://127.0.0.1:8080/"
                + "  WebSocket ws://127.0.0.1:8080/ws"
                + "  API http://127.0.0.1:8080/api/v1  health http://127.0.0.1:8080/health/live"
                + "  metrics http://127.0.0.1:8080/metrics  dashboard http://127.0.0.1:8080/dashboard");
    }

    @Test
    void aWildcardBindAddressIsShownAsLocalhost() {
        for (String wildcard : new String[] {"0.0.0.0", "::", "[::]", ""}) {
            assertThat(HubUrls.of(wildcard, 9090).dashboard()).as(wildcard)
                    .isEqualTo(URI.create("http://localhost:9090/dashboard"));
        }
    }

    @Test
    void anIpv6AddressGoesInBrackets() {
        assertThat(HubUrls.of("::1", 8080).health()).isEqualTo(URI.create("http://[::1]:8080/health/live"));
        assertThat(HubUrls.of("[::1]", 8080).metrics()).isEqualTo(URI.create("http://[::1]:8080/metrics"));
        assertThat(HubUrls.of("hub.example.com", 80).api()).isEqualTo(URI.create("http://hub.example.com:80/api/v1"));
    }
}
