package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.TestHubs;
import dev.switchboard.testing.WsClient;

/** Graceful shutdown as clients and the host see it: 1001 for everyone, bounded close, no threads, free port. */
class ShutdownIT {

    private static final int CLIENTS = 20;

    @Test
    void closeSendsGoingAwayStopsEveryThreadAndFreesThePort() throws IOException {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        StandaloneHub hub = TestHubs.start();
        int port = hub.port();
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                WsClient c = WsClient.connect(port);
                clients.add(c);
                c.next("welcome");
                c.send(Frames.subscribe("news").id(1));
                c.next("subscribed");
            }
            long start = System.nanoTime();
            hub.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("ShutdownIT: close() took %d ms%n", took.toMillis());
            assertThat(took).as("close() within shutdown.grace (2 s) + 5 s")
                    .isLessThan(hub.config().shutdown().grace().plusSeconds(5));
            for (WsClient c : clients) {
                assertThat(c.awaitClose(Duration.ofSeconds(5))).as("close code").isEqualTo(1001);
            }
        } finally {
            hub.close();
            clients.forEach(WsClient::close);
        }
        await("no switchboard- or grizzly thread of this hub is alive").atMost(Duration.ofSeconds(10))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> !before.contains(t) && t.isAlive())
                        .map(Thread::getName)
                        .filter(n -> n.startsWith("switchboard-") || n.toLowerCase().startsWith("grizzly"))
                        .toList(), List::isEmpty);
        try (ServerSocket s = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(s.getLocalPort()).as("the port is free again").isEqualTo(port);
        }
    }
}
