package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.OffsetReader;
import dev.switchboard.testing.WsClient;

/**
 * A fan-out burst in an application server: every subscriber's outbox fills faster than the container completes
 * its sends, so queued frames go out several per send where the container batches (WildFly), one per send where
 * it does not (Payara). Either way each subscriber gets every message once, in order, and none is cut. Mixed into
 * {@link ContainerScenario}, in its server start.
 */
interface ContainerFanOutScenario {

    int BURST_SUBSCRIBERS = 50;
    int BURST_MESSAGES = 2_000;
    /**
     * Publishes sent before their acknowledgements are read; the next window waits until every subscriber is at
     * most one window behind, so no outbox holds more than two windows (its limit is 1,024 frames).
     */
    int BURST_WINDOW = 250;
    String BURST_CHANNEL = "it:burst";
    Duration BURST_WAIT = Duration.ofSeconds(60);

    /** @return the server's HTTP port */
    int port();

    @Test
    @Order(11)
    default void aFanOutBurstReachesEverySubscriberCompleteAndInOrder() {
        URI ws = URI.create("ws://127.0.0.1:" + port() + ContainerScenario.CONTEXT + "/ws");
        HttpClient http = HttpClient.newHttpClient();
        List<OffsetReader> readers = new ArrayList<>();
        try (WsClient publisher = WsClient.connect(ws)) {
            publisher.next("welcome");
            for (int i = 0; i < BURST_SUBSCRIBERS; i++) {
                OffsetReader reader = OffsetReader.reading(http, ws, BURST_CHANNEL, 0);
                readers.add(reader);
                reader.send(Frames.subscribe(BURST_CHANNEL).id(1));
            }
            await("every subscriber subscribed").atMost(BURST_WAIT).until(() -> readers.stream()
                    .allMatch(r -> r.others().stream().anyMatch(f -> f.contains("\"type\":\"subscribed\""))));
            for (int sent = 0; sent < BURST_MESSAGES; sent += BURST_WINDOW) {
                long behind = Math.max(0, sent - BURST_WINDOW);
                await("every subscriber at most one window behind " + sent).atMost(BURST_WAIT).until(() -> readers
                        .stream().allMatch(r -> r.lastOffset() >= behind || r.disorder() > 0
                                || r.closeCode().isDone()));
                for (int n = sent + 1; n <= sent + BURST_WINDOW; n++) {
                    publisher.send(Frames.publish(BURST_CHANNEL, Frames.object("n", n, "pad", "x".repeat(100))));
                }
                for (int n = 0; n < BURST_WINDOW; n++) {
                    publisher.next("published");
                }
            }
            await("every message at every subscriber").atMost(BURST_WAIT).until(() -> readers.stream().allMatch(
                    r -> r.lastOffset() == BURST_MESSAGES || r.disorder() > 0 || r.closeCode().isDone()));
            for (OffsetReader reader : readers) {
                assertThat(reader.disorder()).as("no gap, no duplicate, no reordering").isZero();
                assertThat(reader.closeCode()).as("never cut").isNotDone();
                assertThat(reader.lastOffset()).isEqualTo(BURST_MESSAGES);
            }
        } finally {
            readers.forEach(OffsetReader::close);
        }
    }
}
