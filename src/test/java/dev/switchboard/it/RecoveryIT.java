package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.TestHubs;
import dev.switchboard.testing.WsClient;

/**
 * Recovery on subscribe, history and presence as a client sees them: replay then live with no gap or duplicate,
 * the cases where recovery is refused, history limits and TTL, double subscription, presence and its events.
 */
class RecoveryIT {

    // aHistoryFrameOverSixtyFourKibibytes... publishes 300 KB at once, over the default rate.bytes.per.second.
    @RegisterExtension
    static final HubExtension hub = HubExtension.withSettings("rate.bytes.per.second", "1048576");

    private final ExecutorService publishers = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopPublishers() throws InterruptedException {
        publishers.shutdownNow();
        assertThat(publishers.awaitTermination(10, TimeUnit.SECONDS)).as("publisher threads stop").isTrue();
    }

    @Test
    void sinceWithEpochReplaysTheMissedMessagesThenLive() {
        try (WsClient publisher = connected(hub.hub()); WsClient subscriber = connected(hub.hub())) {
            publishMany(publisher, "rec:basic", 10);
            String epoch = epochOf(subscriber, "rec:basic");

            subscriber.send(Frames.subscribe("rec:basic").id(1).since(4, epoch));
            JsonNode subscribed = subscriber.next();
            assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
            assertThat(subscribed.path("id").asInt()).isEqualTo(1);
            assertThat(subscribed.path("offset").asLong()).isEqualTo(10);
            assertThat(subscribed.path("epoch").asText()).isEqualTo(epoch);
            assertThat(subscribed.path("recovered").isBoolean()).isTrue();
            assertThat(subscribed.path("recovered").asBoolean()).isTrue();
            List<Long> replayed = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                JsonNode m = subscriber.next();
                assertThat(m.path("type").asText()).isEqualTo("message");
                assertThat(m.path("epoch").asText()).isEqualTo(epoch);
                replayed.add(m.path("offset").asLong());
            }
            assertThat(replayed).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);

            publish(publisher, "rec:basic", 11);
            JsonNode live = subscriber.next();
            assertThat(live.path("type").asText()).isEqualTo("message");
            assertThat(live.path("offset").asLong()).isEqualTo(11);
            assertThat(live.path("data").path("n").asInt()).isEqualTo(11);
            assertNothingMore(subscriber);
        }
    }

    @Test
    void replayAndConcurrentLivePublishesHaveNoGapAndNoDuplicate() throws Exception {
        int rounds = 20;
        int concurrent = 40;
        for (int round = 0; round < rounds; round++) {
            String channel = "rec:race-" + round;
            try (WsClient publisher = connected(hub.hub()); WsClient subscriber = connected(hub.hub())) {
                publishMany(publisher, channel, 10);
                String epoch = epochOf(subscriber, channel);

                CompletableFuture<Void> live = CompletableFuture.runAsync(() -> {
                    for (int n = 11; n <= 10 + concurrent; n++) {
                        publisher.send(Frames.publish(channel, Frames.object("n", n)));
                    }
                }, publishers);
                subscriber.send(Frames.subscribe(channel).id(1).since(4, epoch));

                JsonNode subscribed = subscriber.next();
                assertThat(subscribed.path("type").asText()).as("round %d", round).isEqualTo("subscribed");
                assertThat(subscribed.path("recovered").asBoolean()).as("round %d", round).isTrue();
                long latestAtSubscribe = subscribed.path("offset").asLong();
                assertThat(latestAtSubscribe).as("round %d", round).isBetween(10L, 10L + concurrent);

                List<Long> offsets = new ArrayList<>();
                while (offsets.size() < 6 + concurrent) {
                    JsonNode m = subscriber.next();
                    assertThat(m.path("type").asText()).as("round %d after %s", round, offsets)
                            .isEqualTo("message");
                    assertThat(m.path("data").path("n").asLong()).isEqualTo(m.path("offset").asLong());
                    offsets.add(m.path("offset").asLong());
                }
                assertThat(offsets).as("round %d: replay then live, each once, in order", round)
                        .containsExactlyElementsOf(LongStream.rangeClosed(5, 10 + concurrent).boxed().toList());
                live.get(10, TimeUnit.SECONDS);
                assertNothingMore(subscriber);
            }
        }
    }

    @Test
    void wrongEpochIsNotRecoveredAndReplaysNothing() {
        try (WsClient publisher = connected(hub.hub()); WsClient subscriber = connected(hub.hub())) {
            publishMany(publisher, "rec:epoch", 10);
            String epoch = epochOf(subscriber, "rec:epoch");

            subscriber.send(Frames.subscribe("rec:epoch").id(2).since(4, "not-" + epoch));
            JsonNode subscribed = subscriber.next();
            assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
            assertThat(subscribed.path("recovered").isBoolean()).isTrue();
            assertThat(subscribed.path("recovered").asBoolean()).isFalse();
            assertThat(subscribed.path("offset").asLong()).isEqualTo(10);
            assertThat(subscribed.path("epoch").asText()).isEqualTo(epoch);
            assertNothingMore(subscriber);

            publish(publisher, "rec:epoch", 11);
            assertThat(subscriber.next("message").path("offset").asLong()).isEqualTo(11);
        }
    }

    @Test
    void sinceBeyondLatestIsNotRecovered() {
        try (WsClient publisher = connected(hub.hub()); WsClient subscriber = connected(hub.hub())) {
            publishMany(publisher, "rec:beyond", 10);
            String epoch = epochOf(subscriber, "rec:beyond");

            subscriber.send(Frames.subscribe("rec:beyond").id(3).since(50, epoch));
            JsonNode subscribed = subscriber.next();
            assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isFalse();
            assertThat(subscribed.path("offset").asLong()).isEqualTo(10);
            assertNothingMore(subscriber);
        }
    }

    @Test
    void sinceAtLatestIsRecoveredWithNothingToReplay() {
        try (WsClient publisher = connected(hub.hub()); WsClient subscriber = connected(hub.hub())) {
            publishMany(publisher, "rec:latest", 10);
            String epoch = epochOf(subscriber, "rec:latest");

            subscriber.send(Frames.subscribe("rec:latest").id(3).since(10, epoch));
            JsonNode subscribed = subscriber.next();
            assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isTrue();
            assertNothingMore(subscriber);
        }
    }

    @Test
    void sinceOlderThanTheHeldHistoryIsNotRecovered() {
        try (StandaloneHub small = TestHubs.start("history.size", "5");
                WsClient publisher = connected(small); WsClient subscriber = connected(small)) {
            publishMany(publisher, "rec:small", 10);
            String epoch = epochOf(subscriber, "rec:small");

            subscriber.send(Frames.subscribe("rec:small").id(5).since(4, epoch));
            JsonNode tooOld = subscriber.next();
            assertThat(tooOld.path("type").asText()).isEqualTo("subscribed");
            assertThat(tooOld.path("recovered").asBoolean()).as("offset 5 is gone: only 6..10 are held").isFalse();
            assertNothingMore(subscriber);

            subscriber.send(Frames.history("rec:small").id(6).since(0));
            JsonNode history = subscriber.next("history");
            assertThat(offsets(history)).containsExactly(6L, 7L, 8L, 9L, 10L);
            assertThat(history.path("recovered").asBoolean()).isFalse();
        }
        try (StandaloneHub small = TestHubs.start("history.size", "5");
                WsClient publisher = connected(small); WsClient subscriber = connected(small)) {
            publishMany(publisher, "rec:small", 10);
            String epoch = epochOf(subscriber, "rec:small");

            subscriber.send(Frames.subscribe("rec:small").id(7).since(5, epoch));
            JsonNode justHeld = subscriber.next();
            assertThat(justHeld.path("recovered").asBoolean()).as("6..10 are exactly what is held").isTrue();
            List<Long> replayed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                replayed.add(subscriber.next("message").path("offset").asLong());
            }
            assertThat(replayed).containsExactly(6L, 7L, 8L, 9L, 10L);
            assertNothingMore(subscriber);
        }
    }

    @Test
    void historyRequestHonoursSinceAndLimitAndRejectsLimitAbove1000() {
        try (WsClient publisher = connected(hub.hub()); WsClient c = connected(hub.hub())) {
            publishMany(publisher, "rec:history", 10);

            c.send(Frames.history("rec:history").id(4).since(3).limit(4));
            JsonNode page = c.next();
            assertThat(page.path("type").asText()).isEqualTo("history");
            assertThat(page.path("id").asInt()).isEqualTo(4);
            assertThat(page.path("channel").asText()).isEqualTo("rec:history");
            assertThat(page.path("epoch").asText()).isNotEmpty();
            assertThat(offsets(page)).containsExactly(4L, 5L, 6L, 7L);
            assertThat(page.path("messages").get(0).path("type").asText()).isEqualTo("message");
            assertThat(page.path("recovered").asBoolean()).isTrue();

            c.send(Frames.history("rec:history").id(5).since(8).limit(1000));
            assertThat(offsets(c.next("history"))).containsExactly(9L, 10L);

            c.send(Frames.history("rec:history").id(6).since(0).limit(1001));
            JsonNode error = c.next();
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("id").asInt()).isEqualTo(6);
            assertThat(error.path("code").asText()).isEqualTo("bad_request");
        }
    }

    @Test
    void aHistoryFrameOverSixtyFourKibibytesArrivesWholeAndIntact() {
        // 100 messages of ~2 KB, half of it two-byte UTF-8: a frame of ~300 KB, with the 8-byte length header.
        String pad = "\u00e9x".repeat(1000);
        try (WsClient publisher = connected(hub.hub()); WsClient c = connected(hub.hub())) {
            for (int n = 1; n <= 100; n++) {
                publisher.send(Frames.publish("rec:big", Frames.object("n", n, "pad", pad)).id(n));
                assertThat(publisher.next("published").path("offset").asLong()).isEqualTo(n);
            }

            JsonNode page = history(c, "rec:big");

            assertThat(offsets(page)).containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
            page.path("messages").forEach(m -> assertThat(m.path("data").path("pad").asText()).isEqualTo(pad));
            assertNothingMore(c);
        }
    }

    @Test
    void historyExpiresAfterTheTtl() {
        try (StandaloneHub shortLived = TestHubs.start("history.ttl.seconds", "1");
                WsClient publisher = connected(shortLived); WsClient c = connected(shortLived)) {
            publishMany(publisher, "rec:ttl", 3);
            long published = System.nanoTime();
            JsonNode fresh = history(c, "rec:ttl");
            // Only assert presence when we are certainly inside the TTL: a slow machine must not fail this.
            if (System.nanoTime() - published < Duration.ofMillis(800).toNanos()) {
                assertThat(offsets(fresh)).containsExactly(1L, 2L, 3L);
            }

            await("history of rec:ttl to empty after the 1 s TTL")
                    .atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> history(c, "rec:ttl").path("messages").isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - published)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void subscribingTwiceAnswersTwiceButDeliversOnce() {
        try (WsClient publisher = connected(hub.hub()); WsClient c = connected(hub.hub())) {
            c.send(Frames.subscribe("rec:twice").id(1));
            assertThat(c.next().path("type").asText()).isEqualTo("subscribed");
            c.send(Frames.subscribe("rec:twice").id(2));
            JsonNode second = c.next();
            assertThat(second.path("type").asText()).isEqualTo("subscribed");
            assertThat(second.path("id").asInt()).isEqualTo(2);

            publishMany(publisher, "rec:twice", 3);
            for (long offset = 1; offset <= 3; offset++) {
                JsonNode m = c.next();
                assertThat(m.path("type").asText()).isEqualTo("message");
                assertThat(m.path("offset").asLong()).isEqualTo(offset);
            }
            assertNothingMore(c);

            c.send(Frames.unsubscribe("rec:twice").id(3));
            assertThat(c.next().path("type").asText()).isEqualTo("unsubscribed");
            publish(publisher, "rec:twice", 4);
            assertNothingMore(c);
        }
    }

    @Test
    void presenceListsEachConnectionsUserAndForgetsThemOnUnsubscribeAndClose() {
        try (WsClient observer = connected(hub.hub())) {
            WsClient a = WsClient.connect(hub.port());
            WsClient b = WsClient.connect(hub.port());
            try {
                String userA = a.next("welcome").path("user").asText();
                String userB = b.next("welcome").path("user").asText();
                assertThat(userA).startsWith("anon-").isNotEqualTo(userB);
                subscribe(a, "rec:presence");
                subscribe(b, "rec:presence");

                assertThat(presence(observer, "rec:presence")).containsExactlyInAnyOrder(userA, userB);

                a.send(Frames.unsubscribe("rec:presence").id(9));
                assertThat(a.next("unsubscribed").path("id").asInt()).isEqualTo(9);
                assertThat(presence(observer, "rec:presence")).containsExactly(userB);

                b.close();
                await("presence of rec:presence to drop the closed connection")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> presence(observer, "rec:presence").isEmpty());
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void presenceEventsTellOtherSubscribersWhoJoinsAndLeaves() {
        try (StandaloneHub events = TestHubs.start("presence.events", "true");
                WsClient watcher = WsClient.connect(events.port())) {
            String watcherUser = watcher.next("welcome").path("user").asText();
            subscribe(watcher, "rec:events");
            assertPresenceEvent(watcher.next(), "join", watcherUser);
            assertNothingMore(watcher);

            WsClient polite = WsClient.connect(events.port());
            WsClient leaver = WsClient.connect(events.port());
            WsClient dropped = WsClient.connect(events.port());
            try {
                String politeUser = polite.next("welcome").path("user").asText();
                String leaverUser = leaver.next("welcome").path("user").asText();
                String droppedUser = dropped.next("welcome").path("user").asText();

                subscribe(polite, "rec:events");
                assertPresenceEvent(watcher.next(), "join", politeUser);
                subscribe(leaver, "rec:events");
                assertPresenceEvent(watcher.next(), "join", leaverUser);
                subscribe(dropped, "rec:events");
                assertPresenceEvent(watcher.next(), "join", droppedUser);

                leaver.send(Frames.unsubscribe("rec:events").id(2));
                assertPresenceEvent(watcher.next(), "leave", leaverUser);

                polite.close();
                assertPresenceEvent(watcher.next(), "leave", politeUser);

                dropped.abort();
                assertPresenceEvent(watcher.next(), "leave", droppedUser);
                assertNothingMore(watcher);
            } finally {
                polite.close();
                leaver.close();
                dropped.close();
            }
        }
    }

    private static void assertPresenceEvent(JsonNode frame, String type, String user) {
        assertThat(frame.path("type").asText()).as(frame.toString()).isEqualTo(type);
        assertThat(frame.path("channel").asText()).as(frame.toString()).isEqualTo("rec:events");
        assertThat(frame.path("user").asText()).as(frame.toString()).isEqualTo(user);
    }

    private static WsClient connected(StandaloneHub target) {
        WsClient c = WsClient.connect(target.port());
        assertThat(c.next().path("type").asText()).isEqualTo("welcome");
        return c;
    }

    private static void subscribe(WsClient c, String channel) {
        c.send(Frames.subscribe(channel).id(1));
        assertThat(c.next("subscribed").path("channel").asText()).isEqualTo(channel);
    }

    /** Publishes {@code {"n":1}}…{@code {"n":count}} and waits for each receipt. */
    private static void publishMany(WsClient publisher, String channel, int count) {
        for (int n = 1; n <= count; n++) {
            publish(publisher, channel, n);
        }
    }

    private static void publish(WsClient publisher, String channel, int n) {
        publisher.send(Frames.publish(channel, Frames.object("n", n)).id(n));
        JsonNode receipt = publisher.next("published");
        assertThat(receipt.path("id").asInt()).isEqualTo(n);
        assertThat(receipt.path("offset").asLong()).isEqualTo(n);
    }

    private static String epochOf(WsClient c, String channel) {
        return history(c, channel).path("epoch").asText();
    }

    private static JsonNode history(WsClient c, String channel) {
        c.send(Frames.history(channel).id(77).since(0));
        return c.next("history");
    }

    private static List<String> presence(WsClient c, String channel) {
        c.send(Frames.presence(channel).id(88));
        JsonNode reply = c.next("presence");
        List<String> users = new ArrayList<>();
        reply.path("users").forEach(u -> users.add(u.asText()));
        return users;
    }

    private static List<Long> offsets(JsonNode history) {
        List<Long> offsets = new ArrayList<>();
        history.path("messages").forEach(m -> offsets.add(m.path("offset").asLong()));
        return offsets;
    }

    /**
     * A ping round trip: the hub answers frames in order on a connection, so anything it had queued for this client
     * arrives before the pong. The next frame must be that pong.
     */
    private static void assertNothingMore(WsClient c) {
        int id = 4242;
        c.send(Frames.ping().id(id));
        JsonNode next = c.next();
        assertThat(next.path("type").asText()).as("expected only the pong, got %s", next).isEqualTo("pong");
        assertThat(next.path("id").asInt()).isEqualTo(id);
    }
}
