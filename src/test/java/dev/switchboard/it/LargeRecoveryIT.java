package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.Hub;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.OffsetReader;
import dev.switchboard.testing.PrometheusText;
import dev.switchboard.testing.WsClient;

/**
 * Recovery of a backlog far larger than an outbox, at {@code history.size=20000} and otherwise default limits: the
 * replay is paced by the reader, so it is never cut as a slow consumer, live messages follow it without gap or
 * duplicate, a reader that stops is still cut with 4009, and a history answer is bounded and pages on.
 */
class LargeRecoveryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** About 200 bytes a message: 15,000 of them are 3 MB, three times the default outbox byte limit. */
    private static final String PAD = "x".repeat(150);

    @RegisterExtension
    static final HubExtension hub = HubExtension.withSettings("history.size", "20000",
            "send.timeout.seconds", "3", "rate.handshakes.per.second", "10000", "rate.handshakes.burst", "10000");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            new NamedThreadFactory("large-recovery-pacer", true));
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(
            new NamedThreadFactory("large-recovery-publisher", true));
    private final List<OffsetReader> readers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        readers.forEach(OffsetReader::close);
        timer.shutdownNow();
        publisher.shutdownNow();
        assertThat(timer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(publisher.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private URI ws() {
        return URI.create("ws://127.0.0.1:" + hub.port() + "/ws");
    }

    private void publish(String channel, int count, String pad) {
        Hub api = hub.bean(Hub.class);
        for (int n = 0; n < count; n++) {
            api.publish(channel, "{\"pad\":\"" + pad + "\"}");
        }
    }

    private String epochOf(String channel) {
        return hub.bean(ChannelService.class).history(channel, 0, 1).toCompletableFuture().join().position().epoch();
    }

    private OffsetReader track(OffsetReader reader) {
        readers.add(reader);
        return reader;
    }

    private double metric(String name) {
        return scrape().value(name);
    }

    /** @return the hub's count of connections closed with {@code code}, 0 before the first */
    private double closedWith(int code) {
        return scrape().samples("switchboard_connections_closed_total").stream()
                .filter(s -> String.valueOf(code).equals(s.labels().get("code")))
                .mapToDouble(PrometheusText.Sample::value).sum();
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(hub.bean(PrometheusMeterRegistry.class).scrape());
    }

    @Test
    void fifteenThousandMissedMessagesAreRecoveredWhileTwoThousandMoreArePublishedLive() throws Exception {
        publish("big:live", 15_000, PAD);
        String epoch = epochOf("big:live");
        OffsetReader reader = track(OffsetReader.reading(http, ws(), "big:live", 0));

        reader.send(Frames.subscribe("big:live").id(1).since(0, epoch));
        CompletableFuture<Void> live = CompletableFuture.runAsync(() -> publish("big:live", 2_000, PAD), publisher);

        await("17,000 messages, in order").atMost(WAIT).until(() -> reader.lastOffset() == 17_000
                || reader.disorder() > 0 || reader.closeCode().isDone());
        live.get(10, TimeUnit.SECONDS);
        assertThat(reader.disorder()).as("no gap, no duplicate, no reordering").isZero();
        assertThat(reader.received()).isEqualTo(17_000);
        assertThat(reader.closeCode()).as("never cut").isNotDone();
        JsonNode subscribed = new ObjectMapper().readTree(reader.others().get(1));
        assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
        assertThat(subscribed.path("recovered").asBoolean()).isTrue();
        await("the replay is over").atMost(WAIT).until(() -> metric("switchboard_replays_active") == 0);
    }

    @Test
    void aReaderOfTwoThousandMessagesASecondRecoversTenThousandInFull() throws Exception {
        publish("big:slow", 10_000, PAD);
        String epoch = epochOf("big:slow");
        OffsetReader reader = track(OffsetReader.paced(http, ws(), "big:slow", 0, 2_000, timer));

        reader.send(Frames.subscribe("big:slow").id(1).since(0, epoch));

        await("10,000 messages at 2,000 a second").atMost(WAIT).until(() -> reader.lastOffset() == 10_000
                || reader.disorder() > 0 || reader.closeCode().isDone());
        assertThat(reader.disorder()).isZero();
        assertThat(reader.closeCode()).as("a slow but steady reader is not a slow consumer").isNotDone();
    }

    @Test
    void aReaderThatStopsMidReplayIsCutWith4009AndItsReplayAbandoned() throws Exception {
        // 2 kB messages: 15,000 of them (30 MB) are far more than the socket buffers between hub and reader hold.
        publish("big:stop", 15_000, "y".repeat(2_000));
        String epoch = epochOf("big:stop");
        double slowBefore = closedWith(4009);
        OffsetReader reader = track(OffsetReader.stoppingAfter(http, ws(), "big:stop", 0, 500));

        reader.send(Frames.subscribe("big:stop").id(1).since(0, epoch));

        await("the stalled reader is cut as a slow consumer").atMost(WAIT)
                .until(() -> closedWith(4009) == slowBefore + 1);
        await("its replay is abandoned").atMost(WAIT).until(() -> metric("switchboard_replays_active") == 0);
        assertThat(metric("switchboard_outbox_queued_messages")).as("nothing left queued for it").isZero();
        assertThat(reader.lastOffset()).as("it read part of the replay").isBetween(1L, 14_999L);
        assertThat(reader.disorder()).isZero();
    }

    @Test
    void aHundredClientsRecoverTenThousandEachAtOnceWithBoundedOutboxes() throws Exception {
        publish("big:many", 10_000, PAD);
        String epoch = epochOf("big:many");
        AtomicLong mostQueuedBytes = new AtomicLong();
        AtomicLong mostQueuedFrames = new AtomicLong();
        var sampler = timer.scheduleAtFixedRate(() -> {
            mostQueuedBytes.accumulateAndGet((long) metric("switchboard_outbox_queued_bytes"), Math::max);
            mostQueuedFrames.accumulateAndGet((long) metric("switchboard_outbox_queued_messages"), Math::max);
        }, 0, 20, TimeUnit.MILLISECONDS);
        List<OffsetReader> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(track(OffsetReader.reading(http, ws(), "big:many", 0)));
        }

        many.forEach(r -> r.send(Frames.subscribe("big:many").id(1).since(0, epoch)));

        await("every client has all 10,000").atMost(WAIT).until(() -> many.stream().allMatch(
                r -> r.lastOffset() == 10_000 || r.disorder() > 0 || r.closeCode().isDone()));
        sampler.cancel(false);
        assertThat(many).allSatisfy(r -> {
            assertThat(r.disorder()).isZero();
            assertThat(r.lastOffset()).isEqualTo(10_000);
            assertThat(r.closeCode()).isNotDone();
        });
        // Unpaced, the hub would have queued 100 × 10,000 frames (200 MB of references to shared frames' bytes).
        // Paced, each outbox holds at most 1.5 batches of a quarter of its limits: 384 frames, 384 kB.
        assertThat(mostQueuedFrames.get()).as("frames queued in all outboxes at once").isLessThanOrEqualTo(38_400);
        assertThat(mostQueuedBytes.get()).as("bytes queued in all outboxes at once")
                .isLessThanOrEqualTo(100L * 384 * 1024);
    }

    @Test
    void aHistoryAnswerIsCappedAtHalfTheOutboxByteLimitAndPagesOn() throws Exception {
        publish("big:page", 1_000, "z".repeat(2_000));
        long since = 0;
        int pages = 0;
        List<Long> offsets = new ArrayList<>();
        try (WsClient client = hub.connect()) {
            client.next("welcome");
            boolean more = true;
            while (more) {
                client.send(Frames.history("big:page").id(pages).since(since).limit(1_000));
                JsonNode reply = client.next("history");
                assertThat(reply.toString().length()).as("a page stays within 512 kB and a message")
                        .isLessThanOrEqualTo(512 * 1024 + 2_200);
                reply.path("messages").forEach(m -> offsets.add(m.path("offset").asLong()));
                since = offsets.get(offsets.size() - 1);
                more = reply.path("more").asBoolean();
                pages++;
            }
        }
        assertThat(offsets).hasSize(1_000);
        assertThat(offsets.get(999)).isEqualTo(1_000);
        assertThat(pages).as("2 MB in pages of at most 512 kB").isGreaterThanOrEqualTo(4);

        HttpResponse<String> first = http.send(HttpRequest.newBuilder(
                hub.http("/api/v1/channels/big:page/history?since=0&limit=1000")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(first.body());
        assertThat(first.body().length()).isLessThanOrEqualTo(512 * 1024 + 2_200);
        assertThat(body.path("more").asBoolean()).isTrue();
        assertThat(body.path("messages").size()).isBetween(1, 999);
    }
}
