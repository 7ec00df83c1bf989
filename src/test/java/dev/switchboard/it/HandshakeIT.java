package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.RawHandshake;

/**
 * The handshake guard as a client sees it on the wire: refused handshakes get a prompt, empty HTTP response with
 * the right status and no upgrade, and never become connections; allowed ones are welcomed.
 */
class HandshakeIT {

    private static final Duration PROMPT = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(10);

    // One hub per test and never two at once: the settings differ, and hubs in one JVM share CDI.current().
    @RegisterExtension
    final HubExtension hub = HubExtension.withDefaults();

    /** Replaces this test's default hub with one started with {@code settings}. */
    private StandaloneHub restart(String... settings) {
        return hub.restart(settings);
    }

    @Test
    void aForeignOriginIsRefusedWith403PromptlyAndCleanly() {
        try (RawHandshake refused = RawHandshake.open(hub.port(), "http://evil.example")) {
            assertRefused(refused, 403);
            assertThat(refused.header("Retry-After")).isNull();
        }
        assertRegistryHolds(hub.hub(), 0);
    }

    @Test
    void defaultOriginsAllowLocalDevelopmentAndTheHubsOwnOrigin() {
        List<String> origins = List.of("http://localhost:1234", "http://127.0.0.1:8080",
                "http://127.0.0.1:" + hub.port());
        for (String origin : origins) {
            try (RawHandshake accepted = RawHandshake.open(hub.port(), origin)) {
                assertWelcomed(accepted, origin);
            }
        }
        // The hub's own origin by its Host header, for a name that is not a local development one.
        String host = "hub.test:" + hub.port();
        try (RawHandshake accepted = RawHandshake.open(hub.port(), "http://" + host, host)) {
            assertWelcomed(accepted, "http://" + host);
        }
        try (RawHandshake refused = RawHandshake.open(hub.port(), "http://other.test:" + hub.port(), host)) {
            assertRefused(refused, 403);
        }
        awaitRegistry(hub.hub(), 0);
    }

    @Test
    void withoutOriginTheDefaultHubAcceptsNonBrowserClients() {
        try (RawHandshake accepted = RawHandshake.open(hub.port(), null)) {
            assertWelcomed(accepted, "no origin");
        }
        awaitRegistry(hub.hub(), 0);
    }

    @Test
    void aWildcardOriginPatternMatchesOneLabelAndTheScheme() {
        StandaloneHub h = restart("allowed.origins", "https://*.example.com");
        try (RawHandshake accepted = RawHandshake.open(h.port(), "https://app.example.com")) {
            assertWelcomed(accepted, "https://app.example.com");
        }
        for (String origin : List.of("https://a.b.example.com", "http://app.example.com",
                "http://localhost:1234")) {
            try (RawHandshake refused = RawHandshake.open(h.port(), origin)) {
                assertThat(refused.status()).as(origin).isEqualTo(403);
                assertRefused(refused, 403);
            }
        }
        awaitRegistry(h, 0);
    }

    @Test
    void requireOriginRefusesAHandshakeWithoutOrigin() {
        StandaloneHub h = restart("require.origin", "true");
        try (RawHandshake refused = RawHandshake.open(h.port(), null)) {
            assertRefused(refused, 403);
        }
        assertRegistryHolds(h, 0);
        try (RawHandshake accepted = RawHandshake.open(h.port(), "http://localhost:1234")) {
            assertWelcomed(accepted, "http://localhost:1234");
        }
        awaitRegistry(h, 0);
    }

    @Test
    void theFourthConnectionFromOneAddressGets429UntilOneCloses() {
        StandaloneHub h = restart("max.connections.per.ip", "3");
        List<RawHandshake> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawHandshake accepted = RawHandshake.open(h.port(), null);
                open.add(accepted);
                assertWelcomed(accepted, "connection " + (i + 1));
            }
            try (RawHandshake refused = RawHandshake.open(h.port(), null)) {
                assertRefused(refused, 429);
                assertRetryAfter(refused);
            }
            assertRegistryHolds(h, 3);

            open.remove(0).close();
            awaitRegistry(h, 2);
            RawHandshake again = RawHandshake.open(h.port(), null);
            open.add(again);
            assertWelcomed(again, "after one closed");
            assertRegistryHolds(h, 3);
        } finally {
            open.forEach(RawHandshake::close);
        }
        awaitRegistry(h, 0);
    }

    @Test
    void theConnectionOverTheHubsLimitGets503() {
        StandaloneHub h = restart("max.connections", "2");
        try (RawHandshake first = RawHandshake.open(h.port(), null);
                RawHandshake second = RawHandshake.open(h.port(), null)) {
            assertWelcomed(first, "first");
            assertWelcomed(second, "second");
            try (RawHandshake refused = RawHandshake.open(h.port(), null)) {
                assertRefused(refused, 503);
                assertRetryAfter(refused);
            }
            assertRegistryHolds(h, 2);
        }
        awaitRegistry(h, 0);
    }

    /** A clean refusal: the status, an empty body, no upgrade, promptly, and the hub closes the connection. */
    private static void assertRefused(RawHandshake response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.statusLine()).as("a refusal's own reason phrase")
                .isEqualTo("HTTP/1.1 " + status + " " + Map.of(403, "Forbidden", 429, "Too Many Requests", 503,
                        "Service Unavailable").get(status));
        assertThat(response.header("Content-Length")).isEqualTo("0");
        assertThat(response.header("Upgrade")).isNull();
        assertThat(response.header("Sec-WebSocket-Accept")).isNull();
        assertThat(response.elapsed()).isLessThan(PROMPT);
        assertThat(response.closedByHub()).as("the hub closes a refused connection").isTrue();
    }

    private static void assertRetryAfter(RawHandshake response) {
        assertThat(response.header("Retry-After")).isNotNull();
        assertThat(Integer.parseInt(response.header("Retry-After"))).isPositive();
    }

    /** An accepted handshake: 101 with the upgrade, then the welcome frame (sent once the connection is open). */
    private static void assertWelcomed(RawHandshake response, String description) {
        assertThat(response.status()).as(description).isEqualTo(101);
        assertThat(response.header("Upgrade")).as(description).isEqualToIgnoringCase("websocket");
        assertThat(response.readTextFrame()).as(description).contains("\"type\":\"welcome\"");
    }

    private static void awaitRegistry(StandaloneHub h, int expected) {
        ConnectionRegistry registry = h.bean(ConnectionRegistry.class);
        await("registry holds " + expected + " connections").atMost(WAIT).until(() -> registry.count() == expected);
    }

    /** The registry holds exactly {@code expected} connections and keeps holding them: no refused one opened. */
    private static void assertRegistryHolds(StandaloneHub h, int expected) {
        ConnectionRegistry registry = h.bean(ConnectionRegistry.class);
        await("registry stays at " + expected + " connections").atMost(WAIT).during(Duration.ofMillis(500))
                .until(() -> registry.count() == expected);
    }
}
