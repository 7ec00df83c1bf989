package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.RepeatedTest;

/**
 * A peer that closes TCP (FIN, no close frame) while the link's read demand is zero: the JDK's WebSocket reads the
 * EOF, reports neither onClose nor onError, and stays silent even after demand returns. The link must still notice
 * the cut within a second (its write probes fail), not only after the dead-hub ping timeout. Repeated: without
 * the probes the JDK reports an InternalError through onError about one time in six.
 */
class LostEofTest {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    @RepeatedTest(3)
    void aCutWhileTheEventLoopHoldsTheDemandIsNoticedByTheProbes() throws Exception {
        ExecutorService io = IoThreads.pool("test-lost-eof-io");
        EventLoop loop = new EventLoop("test-lost-eof-loop");
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CountDownLatch peerClosed = new CountDownLatch(1);
            Thread peer = new Thread(() -> serveOneFrameThenClose(server, peerClosed), "test-lost-eof-peer");
            peer.start();
            // A long pingAfter: only the write probes can notice the cut within the test's bound.
            ClientSettings settings = new ClientSettings(URI.create("ws://127.0.0.1:" + server.getLocalPort()),
                    null, null, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60),
                    Duration.ofMillis(200), Duration.ofSeconds(30), 10, null);
            Liveness liveness = new Liveness(settings, loop, System::nanoTime);
            CompletableFuture<String> noticed = new CompletableFuture<>();
            CountDownLatch release = new CountDownLatch(1);
            Link link = new Link(loop, new Link.Events() {
                @Override
                public void opened(Link l) {
                    AtomicLong ids = new AtomicLong();
                    liveness.start(l, () -> noticed.complete("dead-hub timeout"), ids::incrementAndGet,
                            new ClientFrames());
                }

                @Override
                public void received(Link l, String text) {
                    // The event loop is busy (a loaded machine): the next request(1) waits, demand stays zero.
                    await(release);
                    liveness.received();
                }

                @Override
                public void alive(Link l) {
                    liveness.heard();
                }

                @Override
                public void closed(Link l, int code, String reason) {
                    noticed.complete("closed " + code);
                }

                @Override
                public void failed(Link l, Throwable error) {
                    noticed.complete("failed " + error);
                }
            });
            HttpClient http = HttpClient.newBuilder().executor(io).build();
            http.newWebSocketBuilder().buildAsync(settings.uri(), link).get(5, TimeUnit.SECONDS);
            assertThat(peerClosed.await(5, TimeUnit.SECONDS)).as("the peer sent its frame and closed").isTrue();
            // Nothing observable tells when the JDK has read the EOF: a short pause lets it read it (zero demand).
            Thread.sleep(300);
            release.countDown();
            String how = noticed.get(5, TimeUnit.SECONDS);
            assertThat(how).as("noticed by a failing write, not by the 60 s ping").startsWith("failed");
            loop.execute(() -> {
                liveness.stop();
                link.abort();
            });
            peer.join(5000);
        } finally {
            loop.shutdown();
            io.shutdown();
            assertThat(loop.awaitTermination(Duration.ofSeconds(5))).isTrue();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A minimal WebSocket server: the handshake, one text frame, then a TCP close without a close frame. */
    private static void serveOneFrameThenClose(ServerSocket server, CountDownLatch closed) {
        try (Socket s = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String key = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring("sec-websocket-key:".length()).trim();
                }
            }
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[] {(byte) 0x81, 2, '{', '}'});
            out.flush();
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            closed.countDown();
        }
    }

    private static String accept(String key) throws NoSuchAlgorithmException {
        byte[] sha1 = MessageDigest.getInstance("SHA-1")
                .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(sha1);
    }
}
