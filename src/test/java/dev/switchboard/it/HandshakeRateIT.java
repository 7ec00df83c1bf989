package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.PrometheusText;
import dev.switchboard.testing.RawHandshake;

/**
 * The per-address handshake rate: a burst of handshakes from one address is welcomed up to
 * {@code rate.handshakes.burst}, then refused with 429 and {@code Retry-After}, counted as {@code reason="rate"};
 * another address is not affected, and the address is welcomed again once its bucket has refilled.
 */
class HandshakeRateIT {

    private static final int BURST = 5;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings("rate.handshakes.per.second", "2",
            "rate.handshakes.burst", Integer.toString(BURST));

    @Test
    void aBurstFromOneAddressIsRefusedWith429AndRetryAfterThenWelcomedAgain() throws Exception {
        List<RawHandshake> open = new ArrayList<>();
        try {
            for (int i = 0; i < BURST; i++) {
                RawHandshake accepted = RawHandshake.open(hub.port(), null);
                open.add(accepted);
                assertThat(accepted.status()).as("handshake %d", i + 1).isEqualTo(101);
            }
            int refusedCount = 0;
            for (int i = 0; i < 3; i++) {
                try (RawHandshake refused = RawHandshake.open(hub.port(), null)) {
                    assertThat(refused.status()).isEqualTo(429);
                    assertThat(refused.statusLine()).isEqualTo("HTTP/1.1 429 Too Many Requests");
                    assertThat(refused.header("Retry-After")).as("2 per second: a token within 1 s")
                            .isEqualTo("1");
                    assertThat(refused.header("Content-Length")).isEqualTo("0");
                    assertThat(refused.header("Upgrade")).isNull();
                    assertThat(refused.closedByHub()).isTrue();
                    refusedCount++;
                }
            }

            PrometheusText metrics = scrape();
            assertThat(metrics.value("switchboard_handshakes_refused_total", "reason", "rate"))
                    .isEqualTo(refusedCount);
            assertThat(metrics.value("switchboard_rate_limited_total", "kind", "handshake"))
                    .isEqualTo(refusedCount);

            await("the address's bucket refills").atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                try (RawHandshake again = RawHandshake.open(hub.port(), null)) {
                    return again.status() == 101;
                }
            });
        } finally {
            open.forEach(RawHandshake::close);
        }
    }

    @Test
    void anotherAddressHasItsOwnBucket() throws Exception {
        for (int i = 0; i <= BURST; i++) {
            RawHandshake.open(hub.port(), null).close();
        }
        try (RawHandshake refused = RawHandshake.open(hub.port(), null)) {
            assertThat(refused.status()).as("127.0.0.1 is over its burst").isEqualTo(429);
        }
        assertThat(statusFrom("127.0.0.2")).as("from 127.0.0.2").isEqualTo(101);
    }

    /** @return the status of an upgrade request sent to the hub from the local address {@code from} */
    private int statusFrom(String from) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", hub.port()), (int) WAIT.toMillis());
            socket.setSoTimeout((int) WAIT.toMillis());
            String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + hub.port() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = readLine(socket.getInputStream());
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).trim();
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(hub.http("/metrics"))
                .timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return PrometheusText.parse(r.body());
    }
}
