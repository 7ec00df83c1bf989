package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.TestHubs;
import dev.switchboard.testing.WsClient;

/** {@code io.threads} and {@code send.threads} size the standalone hub's selector and send threads, as named. */
class ThreadSettingsIT {

    private static final int CLIENTS = 8;

    @Test
    void ioThreadsAndSendThreadsSizeTheHubsThreads() {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (StandaloneHub hub = TestHubs.start("io.threads", "1", "send.threads", "3")) {
            exchangeMessages(hub);
            assertThat(newThreads(before, "grizzly-nio-kernel")).as("selector threads").hasSize(1);
            assertThat(newThreads(before, "switchboard-send")).as("send threads").hasSize(3);
        }
    }

    @Test
    void theDefaultsAreGrizzlysSelectorsAndASendThreadForEveryTwoCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (StandaloneHub hub = TestHubs.start()) {
            exchangeMessages(hub);
            assertThat(newThreads(before, "grizzly-nio-kernel")).as("selector threads").hasSize(cores + 1);
            assertThat(newThreads(before, "switchboard-send")).as("send threads").hasSize(Math.max(1, cores / 2));
        }
    }

    /** Enough traffic for every send thread to have started: each client's outbox drains on its own task. */
    private static void exchangeMessages(StandaloneHub hub) {
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                WsClient c = WsClient.connect(hub.port());
                clients.add(c);
                c.next("welcome");
                c.send(Frames.subscribe("threads").id(1));
                c.next("subscribed");
            }
            for (int round = 0; round < 4; round++) {
                clients.get(0).send(Frames.publish("threads", Frames.object("round", round)).id(10 + round));
                for (WsClient c : clients) {
                    assertThat(c.next("message").path("data").path("round").asInt()).isEqualTo(round);
                }
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    private static List<String> newThreads(Set<Thread> before, String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith(prefix))
                .map(Thread::getName)
                .toList();
    }
}
