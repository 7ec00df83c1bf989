package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.awaitility.core.ConditionTimeoutException;

import dev.switchboard.support.NamedThreadFactory;

/**
 * A crowd of {@link SequenceSubscriber}s for a cluster scenario, sharing one HTTP client and one reconnection
 * timer, with the scenario's checks: all subscribed, and each received exactly the acknowledged seqs in order.
 * {@link #close()} closes every subscriber and stops the timer. Driven by one test thread.
 */
public final class Subscribers implements AutoCloseable {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            new NamedThreadFactory("subscriber-reconnect", true));
    private final List<SequenceSubscriber> all = new ArrayList<>();

    /** Adds {@code count} subscribers of {@code channel}, each connecting to {@code uri} now. */
    public Subscribers add(int count, URI uri, String channel) {
        for (int i = 0; i < count; i++) {
            all.add(SequenceSubscriber.start(http, uri, channel, timer));
        }
        return this;
    }

    public List<SequenceSubscriber> all() {
        return List.copyOf(all);
    }

    /** Waits until every subscriber holds a {@code subscribed} reply. */
    public Subscribers awaitSubscribed(Duration atMost) {
        try {
            await(all.size() + " subscribers subscribed").atMost(atMost).pollInterval(Duration.ofMillis(100))
                    .until(() -> all.stream().allMatch(SequenceSubscriber::isSubscribed));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(all.stream().filter(s -> !s.isSubscribed()).count() + " of " + all.size()
                    + " not subscribed after " + atMost + ", e.g. " + all.stream().filter(s -> !s.isSubscribed())
                    .findFirst().orElseThrow() + "; first problem: " + firstProblem(), e);
        }
        return this;
    }

    /**
     * Waits until every subscriber of {@code channel} received as many messages as were {@code acknowledged}, then
     * checks that each received exactly those seqs, in that order, once each, with no recovery refused on the way.
     */
    public void assertEachReceivedExactly(String channel, long[] acknowledged, Duration atMost) {
        assertEachReceivedExactly(channel, acknowledged, new long[0], atMost);
    }

    /**
     * As {@link #assertEachReceivedExactly(String, long[], Duration)}, where each seq of {@code inDoubt} (a publish
     * whose outcome the hub could not know) may also appear, once, wherever its offset puts it.
     */
    public void assertEachReceivedExactly(String channel, long[] acknowledged, long[] inDoubt, Duration atMost) {
        List<SequenceSubscriber> ofChannel = all.stream().filter(s -> s.channel().equals(channel)).toList();
        await("every subscriber of " + channel + " receiving " + acknowledged.length + " messages").atMost(atMost)
                .pollInterval(Duration.ofMillis(200)).until(() -> ofChannel.stream()
                        .allMatch(s -> s.received() >= acknowledged.length || !s.problems().isEmpty()));
        for (SequenceSubscriber subscriber : ofChannel) {
            assertThat(subscriber.problems()).as("%s", subscriber).isEmpty();
            assertThat(subscriber.differenceFrom(acknowledged, inDoubt)).as("%s", subscriber).isEmpty();
        }
    }

    /** @return seqs 1 to {@code count} */
    public static long[] oneTo(long count) {
        return LongStream.rangeClosed(1, count).toArray();
    }

    /** @return the first subscriber that saw a problem, for a failure message, or "none" */
    public String firstProblem() {
        return all.stream().filter(s -> !s.problems().isEmpty()).map(Object::toString).findFirst().orElse("none");
    }

    @Override
    public void close() {
        all.forEach(SequenceSubscriber::close);
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
