package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.switchboard.testing.Stages.result;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.client.ClientException;
import dev.switchboard.client.ClientState;
import dev.switchboard.client.History;
import dev.switchboard.client.HubErrorException;
import dev.switchboard.client.Subscription;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.RecordingChannel;

/**
 * The Java client against the real hub, connected: subscribe and receive in order, publish with offsets, the hub's
 * error codes, history and presence, the offline queue's bound, and a close that leaves no thread behind.
 */
class JavaClientIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** 400 publishes at once fit in the burst; 2,000 do not. */
    @RegisterExtension
    static final HubExtension hub = HubExtension.withSettings("rate.messages.per.second", "200",
            "rate.messages.burst", "500", "presence.events", "true");

    private static SwitchboardClient client() {
        return SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + hub.port() + "/ws")).build();
    }

    @Test
    void subscribesPublishesAndReceivesInOrder() throws Exception {
        try (SwitchboardClient alice = client(); SwitchboardClient bob = client()) {
            RecordingChannel received = new RecordingChannel();
            bob.subscribe("jc:basic", received);
            bob.connect();
            alice.connect();
            result(bob.connected());
            result(bob.presence("jc:basic"));
            assertThat(bob.state()).isEqualTo(ClientState.CONNECTED);

            for (int n = 1; n <= 20; n++) {
                assertThat(result(alice.publish("jc:basic", Map.of("n", n)))).as("offset of publish %d", n)
                        .isEqualTo(n);
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(received.offsets()).as("offsets delivered")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList()));
            assertThat(received.messages().get(4).data().path("n").asInt()).isEqualTo(5);
            assertThat(received.messages().get(0).from()).startsWith("anon-");
            assertThat(received.gaps()).isEmpty();
        }
    }

    @Test
    void historyAndPresenceAreAnswered() throws Exception {
        try (SwitchboardClient c = client()) {
            c.subscribe("jc:hist", new RecordingChannel());
            c.connect();
            for (int n = 1; n <= 5; n++) {
                result(c.publish("jc:hist", Frames.object("n", n)));
            }
            History history = result(c.history("jc:hist", 2, 100));
            assertThat(history.messages()).extracting(m -> m.offset()).containsExactly(3L, 4L, 5L);
            assertThat(history.recovered()).isTrue();
            assertThat(history.more()).isFalse();
            List<String> users = result(c.presence("jc:hist"));
            assertThat(users).hasSize(1).allMatch(u -> u.startsWith("anon-"));
        }
    }

    @Test
    void presenceEventsReachTheChannelListener() throws Exception {
        try (SwitchboardClient watcher = client(); SwitchboardClient visitor = client()) {
            RecordingChannel seen = new RecordingChannel();
            watcher.subscribe("jc:presence", seen);
            watcher.connect();
            await().atMost(WAIT).until(() -> seen.presence().size() == 1);
            assertThat(seen.presence().get(0)).as("its own join first").startsWith("join anon-");
            Subscription visit = visitor.subscribe("jc:presence", new RecordingChannel());
            visitor.connect();
            await().atMost(WAIT).until(() -> seen.presence().size() == 2);
            String visitorJoin = seen.presence().get(1);
            assertThat(visitorJoin).startsWith("join anon-").isNotEqualTo(seen.presence().get(0));
            visit.unsubscribe();
            await().atMost(WAIT).until(() -> seen.presence().size() == 3);
            assertThat(seen.presence().get(2)).isEqualTo("leave " + visitorJoin.substring("join ".length()));
        }
    }

    @Test
    void theHubsErrorCodeFailsThePublish() throws Exception {
        try (SwitchboardClient c = client()) {
            c.connect();
            CompletionStage<Long> refused = c.publish("not a channel!", Map.of("n", 1));
            assertThatThrownBy(() -> result(refused)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(HubErrorException.class)
                    .extracting(e -> ((HubErrorException) e).code()).isEqualTo("invalid_channel");
        }
    }

    @Test
    void aPublishOverTheRateLimitFailsWithRateLimited() throws Exception {
        try (SwitchboardClient c = SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + hub.port() + "/ws"))
                .queueCapacity(2000).build()) {
            List<CompletionStage<Long>> all = new ArrayList<>();
            for (int n = 0; n < 2000; n++) {
                all.add(c.publish("jc:flood", Map.of("n", n)));
            }
            c.connect();
            List<HubErrorException> refused = new ArrayList<>();
            for (CompletionStage<Long> s : all) {
                try {
                    result(s);
                } catch (ExecutionException e) {
                    refused.add((HubErrorException) e.getCause());
                }
            }
            assertThat(refused).as("beyond the burst of 500").isNotEmpty()
                    .allMatch(e -> e.code().equals("rate_limited") && e.retryAfterMs() > 0);
        }
    }

    @Test
    void aFullOfflineQueueFailsFastAndTheRestIsSentOnConnect() throws Exception {
        try (SwitchboardClient c = SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + hub.port() + "/ws"))
                .queueCapacity(3).build()) {
            List<CompletionStage<Long>> queued = List.of(c.publish("jc:queue", Map.of("n", 1)),
                    c.publish("jc:queue", Map.of("n", 2)), c.publish("jc:queue", Map.of("n", 3)));
            CompletionStage<Long> fourth = c.publish("jc:queue", Map.of("n", 4));
            assertThatThrownBy(() -> fourth.toCompletableFuture().get(1, TimeUnit.SECONDS))
                    .as("the fourth fails at once, before any connection").cause()
                    .isInstanceOf(ClientException.class)
                    .extracting(e -> ((ClientException) e).reason()).isEqualTo(ClientException.Reason.QUEUE_FULL);
            c.connect();
            assertThat(List.of(result(queued.get(0)), result(queued.get(1)), result(queued.get(2))))
                    .containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void closeLeavesNoThreadBehind() throws Exception {
        Set<Long> before = clientThreads().keySet();
        SwitchboardClient c = client();
        c.subscribe("jc:threads", new RecordingChannel());
        c.connect();
        result(c.connected());
        result(c.publish("jc:threads", Map.of("n", 1)));
        assertThat(clientThreads()).as("the client runs threads of its own").isNotEmpty();
        c.close();
        assertThat(c.state()).isEqualTo(ClientState.CLOSED);
        assertThatThrownBy(() -> result(c.publish("jc:threads", Map.of("n", 2)))).cause()
                .isInstanceOf(ClientException.class);
        // The JDK's HTTP client ends its selector thread once unreachable: collect it.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            System.gc();
            Map<Long, String> left = clientThreads();
            left.keySet().removeAll(before);
            assertThat(left).as("threads of the client left after close()").isEmpty();
        });
    }

    @Test
    void aClientTheHubClosedForGoodStopsItsThreadsByItself() throws Exception {
        Set<Long> before = clientThreads().keySet();
        SwitchboardClient c = client();
        c.connect();
        result(c.connected());
        c.publish("jc:big", Map.of("text", "x".repeat(70_000)));
        await().atMost(WAIT).until(() -> c.state() == ClientState.CLOSED);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            System.gc();
            Map<Long, String> left = clientThreads();
            left.keySet().removeAll(before);
            assertThat(left).as("threads left after the hub's 1009, without close()").isEmpty();
        });
    }

    @Test
    void publishesFromManyThreadsAtOnceAllComplete() throws Exception {
        int threads = 8;
        int each = 50;
        ExecutorService callers = Executors.newFixedThreadPool(threads, new NamedThreadFactory("test-callers", true));
        try (SwitchboardClient c = SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + hub.port() + "/ws"))
                .build()) {
            RecordingChannel received = new RecordingChannel();
            c.subscribe("jc:threads-many", received);
            c.connect();
            result(c.connected());
            result(c.presence("jc:threads-many"));
            List<Future<List<Long>>> offsets = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                offsets.add(callers.submit(() -> {
                    List<CompletionStage<Long>> mine = new ArrayList<>();
                    for (int n = 0; n < each; n++) {
                        mine.add(c.publish("jc:threads-many", Map.of("n", n)));
                    }
                    List<Long> done = new ArrayList<>();
                    for (CompletionStage<Long> s : mine) {
                        done.add(result(s));
                    }
                    return done;
                }));
            }
            Set<Long> all = new TreeSet<>();
            for (Future<List<Long>> f : offsets) {
                List<Long> mine = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(mine).as("one caller's publishes keep their order").isSorted();
                all.addAll(mine);
            }
            assertThat(all).as("distinct offsets").hasSize(threads * each);
            await().atMost(WAIT).untilAsserted(() -> assertThat(received.offsets())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, threads * each).boxed().toList()));
        } finally {
            callers.shutdownNow();
            assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** @return live threads the client (or its JDK HTTP client) may have started, by id */
    private static Map<Long, String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("switchboard-client") || t.getName().startsWith("HttpClient-"))
                .collect(Collectors.toMap(Thread::getId, Thread::getName));
    }
}
