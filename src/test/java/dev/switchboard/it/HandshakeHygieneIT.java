package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.PrometheusText;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.WsClient;

/**
 * Requests bounded before they are served, on the wire: headers over {@code max.header.bytes} get 431, a request
 * trickled byte by byte (slowloris) is cut after {@code handshake.timeout.seconds} without holding a thread while
 * others connect, and no response names the server or its version.
 */
class HandshakeHygieneIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n";

    @RegisterExtension
    final HubExtension hub = HubExtension.withSettings("handshake.timeout.seconds", "2", "api.key",
            "hygiene-test-key");

    @Test
    void headersOverTheLimitGet431WithAnEmptyBody() throws IOException {
        for (String head : List.of("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n", UPGRADE)) {
            try (Socket socket = open()) {
                Response response = exchange(socket, head + "X-Padding: " + "a".repeat(9 * 1024) + "\r\n\r\n");
                assertThat(response.status()).as(head).isEqualTo(431);
                assertThat(response.header("content-length")).isEqualTo("0");
                assertThat(response.header("server")).isNull();
                assertThat(closedByHub(socket)).as("closed after the 431").isTrue();
            }
        }
        assertThat(refused("header")).isEqualTo(2.0);
        // Just under the limit is served.
        try (Socket socket = open()) {
            Response response = exchange(socket, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
                    + "a".repeat(7 * 1024) + "\r\n\r\n");
            assertThat(response.status()).isEqualTo(200);
        }
    }

    @Test
    void aTrickledHandshakeIsCutAfterTheTimeoutWhileOthersConnect() throws IOException {
        try (Socket trickler = open(); WsClient normal = hub.connect()) {
            normal.next("welcome");
            long start = System.nanoTime();
            Duration cut = trickle(trickler, UPGRADE + "Origin: http://127.0.0.1\r\n\r\n");
            assertThat(cut).as("cut after the handshake timeout").isBetween(TIMEOUT.minusMillis(100),
                    TIMEOUT.plusSeconds(2));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(3));
            // Counted right after the connection is torn down, on the sweeping thread.
            await("the cut counted").atMost(TIMEOUT).until(() -> refused("timeout") == 1.0);

            // The upgraded connection, older than the timeout, is not cut: its handshake completed.
            normal.send(Frames.ping().id(1));
            assertThat(normal.next("pong").path("id").asInt()).isEqualTo(1);
            try (WsClient later = hub.connect()) {
                later.next("welcome");
            }
        }
    }

    @Test
    void aTrickledSecondKeepAliveRequestIsCutToo() throws IOException {
        try (Socket socket = open()) {
            Response first = exchange(socket, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(first.status()).isEqualTo(200);
            Duration cut = trickle(socket, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(cut).isBetween(TIMEOUT.minusMillis(100), TIMEOUT.plusSeconds(2));
        }
    }

    @Test
    void twoHundredTricklingSocketsHoldNoThreads() throws IOException {
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = open();
                sockets.add(socket);
                socket.getOutputStream().write("GET /ws HTTP/1.1\r\nHost: 1".getBytes(StandardCharsets.US_ASCII));
            }
            int during = ManagementFactory.getThreadMXBean().getThreadCount();
            assertThat(during).as("live threads with 200 unfinished requests (before: %d)", before)
                    .isLessThanOrEqualTo(before + 5);
            await("every trickling socket closed by the hub").atMost(TIMEOUT.plusSeconds(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> sockets.stream().allMatch(HandshakeHygieneIT::closedByHubNow));
            await("every cut counted").atMost(TIMEOUT).until(() -> refused("timeout") == 200.0);
            try (WsClient normal = hub.connect()) {
                normal.next("welcome");
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void noResponseNamesTheServerOrItsVersion() throws IOException {
        List<Response> responses = new ArrayList<>();
        try (Socket socket = open()) {
            responses.add(exchange(socket, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        }
        try (Socket socket = open()) {
            responses.add(exchange(socket,
                    "GET /api/v1/channels/a:b/history HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        }
        try (Socket socket = open()) {
            // Grizzly's own error page (a URI Jersey cannot parse) printed its name, version and a stack trace.
            responses.add(exchange(socket, "GET /% HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        }
        assertThat(responses).extracting(Response::status).containsExactly(200, 401, 500);
        for (Response response : responses) {
            assertThat(response.header("server")).as("Server header of a %d", response.status()).isNull();
            assertThat(response.header("x-powered-by")).isNull();
            assertThat(response.body().toLowerCase(Locale.ROOT)).doesNotContain("grizzly").doesNotContain("jersey")
                    .doesNotContain("exception");
        }
        try (RawHandshake refused = RawHandshake.open(hub.port(), "http://evil.example")) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Server")).isNull();
        }
    }

    private double refused(String reason) {
        return PrometheusText.parse(hub.bean(PrometheusMeterRegistry.class).scrape())
                .value("switchboard_handshakes_refused_total", "reason", reason);
    }

    private Socket open() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", hub.port()), 5000);
        socket.setSoTimeout(5000);
        return socket;
    }

    /**
     * Writes {@code request} one byte at a time, a byte every 250 ms (paced by a bounded read that also notices
     * the close), until the hub closes the connection; fails if the whole request could be written.
     *
     * @return how long after the first byte the hub closed the connection
     */
    private static Duration trickle(Socket socket, String request) throws IOException {
        socket.setSoTimeout(250);
        long start = System.nanoTime();
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        for (byte b : bytes) {
            try {
                socket.getOutputStream().write(b);
                if (socket.getInputStream().read() < 0) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                throw new AssertionError("the hub answered a request it had not received whole");
            } catch (SocketTimeoutException e) {
                // Still open: the next byte.
            } catch (IOException e) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
        throw new AssertionError("the hub read the whole trickled request (" + bytes.length + " bytes)");
    }

    private static boolean closedByHub(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean closedByHubNow(Socket socket) {
        try {
            socket.setSoTimeout(10);
        } catch (IOException e) {
            return true;
        }
        return closedByHub(socket);
    }

    /** Sends a raw request and reads the response head and its {@code Content-Length} body. */
    private static Response exchange(Socket socket, String request) {
        try {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String[] lines = RawHandshake.readHead(in).split("\r\n");
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(new String[] {lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim()});
            }
            Response response = new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, "");
            String length = response.header("content-length");
            byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            return new Response(response.status(), headers, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Response(int status, List<String[]> headers, String body) {
        String header(String name) {
            return headers.stream().filter(h -> h[0].equals(name)).map(h -> h[1]).findFirst().orElse(null);
        }
    }
}
