package dev.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.Push;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.testing.FakeClock;

class MemoryHistoryStoreTest {

    private static final Duration TTL = Duration.ofSeconds(60);
    private static final long START_MILLIS = 1_700_000_000_000L;

    private final JsonCodec codec = new JsonCodec();
    /** Starts near overflow to prove the store uses differences only. */
    private final FakeClock clock = new FakeClock(Long.MAX_VALUE - Duration.ofSeconds(30).toNanos());
    private final AtomicLong wallMillis = new AtomicLong(START_MILLIS);
    private final List<MemoryHistoryStore> stores = new ArrayList<>();

    private MemoryHistoryStore store(int size) {
        MemoryHistoryStore store = new MemoryHistoryStore(codec, size, TTL, clock, wallMillis::get);
        stores.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        stores.forEach(MemoryHistoryStore::close);
    }

    private static List<Long> offsets(HistoryRead read) {
        return read.messages().stream().map(ChannelMessage::offset).toList();
    }

    private static void appendN(HistoryStore store, String channel, int n) {
        for (int i = 0; i < n; i++) {
            store.append(channel, "{\"n\":" + i + "}", "alice");
        }
    }

    @Test
    void offsetsCountFromOneWithAStableEpoch() {
        MemoryHistoryStore store = store(10);
        List<ChannelMessage> appended = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            appended.add(store.append("room", "{}", "alice"));
        }

        assertThat(appended).extracting(ChannelMessage::offset).containsExactly(1L, 2L, 3L, 4L, 5L);
        String epoch = appended.get(0).epoch();
        assertThat(epoch).matches("[A-Za-z0-9_-]{12}");
        assertThat(appended).extracting(ChannelMessage::epoch).containsOnly(epoch);
        assertThat(store.position("room")).isEqualTo(new StreamPosition(5, epoch));
        assertThat(store.heldMessages()).isEqualTo(5);
    }

    @Test
    void channelsHaveTheirOwnOffsetsAndEpochs() {
        MemoryHistoryStore store = store(10);
        appendN(store, "a", 3);
        ChannelMessage b = store.append("b", "{}", "bob");

        assertThat(b.offset()).isEqualTo(1);
        assertThat(b.epoch()).isNotEqualTo(store.position("a").epoch());
        assertThat(store.position("a").offset()).isEqualTo(3);
    }

    @Test
    void positionOfAnUnusedChannelIsZeroAndItsEpochHoldsForTheFirstPublish() {
        MemoryHistoryStore store = store(10);
        StreamPosition before = store.position("quiet");
        ChannelMessage first = store.append("quiet", "{}", "alice");

        assertThat(before.offset()).isZero();
        assertThat(first.epoch()).isEqualTo(before.epoch());
        assertThat(store.recover("quiet", 0, before.epoch(), 10).recovered()).isTrue();
    }

    @Test
    void frameIsTheCodecsMessageForTheStoredFieldsAndIsShared() throws Exception {
        MemoryHistoryStore store = store(10);
        ChannelMessage m = store.append("room", "{\"text\":\"hi\",\"n\":[1,2]}", "alice");

        assertThat(m.channel()).isEqualTo("room");
        assertThat(m.from()).isEqualTo("alice");
        assertThat(m.timeMillis()).isEqualTo(START_MILLIS);
        assertThat(m.frame().text()).isEqualTo(
                codec.encode(new Push.Message("room", 1, m.epoch(), "{\"text\":\"hi\",\"n\":[1,2]}", "alice", START_MILLIS)));
        JsonNode frame = new ObjectMapper().readTree(m.frame().text());
        assertThat(frame.get("offset").asLong()).isEqualTo(1);
        assertThat(frame.get("epoch").asText()).isEqualTo(m.epoch());
        assertThat(frame.get("data").get("text").asText()).isEqualTo("hi");
        // Encoded once: history hands out the very frame the append built.
        assertThat(store.read("room", 0, 10).messages().get(0).frame()).isSameAs(m.frame());
    }

    @Test
    void sizeLimitKeepsTheNewest() {
        MemoryHistoryStore store = store(3);
        appendN(store, "room", 5);

        HistoryRead read = store.read("room", 0, 100);
        assertThat(offsets(read)).containsExactly(3L, 4L, 5L);
        assertThat(read.recovered()).isFalse();
        assertThat(store.read("room", 2, 100).recovered()).isTrue();
        assertThat(store.heldMessages()).isEqualTo(3);
    }

    @Test
    void messagesLeaveHistoryAtTheTtl() {
        MemoryHistoryStore store = store(10);
        store.append("room", "{}", "alice");
        clock.advance(Duration.ofSeconds(30));
        store.append("room", "{}", "alice");
        clock.advance(Duration.ofSeconds(29));
        assertThat(offsets(store.read("room", 0, 10))).containsExactly(1L, 2L);

        clock.advance(Duration.ofSeconds(1));
        HistoryRead read = store.read("room", 0, 10);
        assertThat(offsets(read)).containsExactly(2L);
        assertThat(read.recovered()).isFalse();
        assertThat(read.position().offset()).isEqualTo(2);
        assertThat(store.heldMessages()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        assertThat(store.read("room", 1, 10).messages()).isEmpty();
        assertThat(store.read("room", 1, 10).recovered()).isFalse();
        assertThat(store.heldMessages()).isZero();
    }

    @Test
    void recoveredRulesOfRead() {
        MemoryHistoryStore store = store(5);
        appendN(store, "room", 8); // holds 4..8

        HistoryRead atLatest = store.read("room", 8, 10);
        assertThat(atLatest.recovered()).isTrue();
        assertThat(atLatest.messages()).isEmpty();

        HistoryRead ahead = store.read("room", 9, 10);
        assertThat(ahead.recovered()).isFalse();
        assertThat(ahead.messages()).isEmpty();

        HistoryRead tooOld = store.read("room", 2, 10);
        assertThat(tooOld.recovered()).isFalse();
        assertThat(offsets(tooOld)).containsExactly(4L, 5L, 6L, 7L, 8L);

        HistoryRead justHeld = store.read("room", 3, 10);
        assertThat(justHeld.recovered()).isTrue();
        assertThat(offsets(justHeld)).containsExactly(4L, 5L, 6L, 7L, 8L);

        assertThat(offsets(store.read("room", 6, 10))).containsExactly(7L, 8L);
        assertThat(store.read("room", 0, 10).position()).isEqualTo(store.position("room"));
    }

    @Test
    void limitCutsFromTheOldestSide() {
        MemoryHistoryStore store = store(100);
        appendN(store, "room", 10);

        HistoryRead page = store.read("room", 2, 3);
        assertThat(offsets(page)).containsExactly(3L, 4L, 5L);
        assertThat(page.recovered()).isTrue();
        assertThat(offsets(store.read("room", page.lastOffset(2), 3))).containsExactly(6L, 7L, 8L);
        assertThat(offsets(store.read("room", 0, 1))).containsExactly(1L);
    }

    @Test
    void recoverChecksTheEpoch() {
        MemoryHistoryStore store = store(10);
        appendN(store, "room", 4);
        String epoch = store.position("room").epoch();

        HistoryRead mismatch = store.recover("room", 2, "other-epoch", 10);
        assertThat(mismatch.recovered()).isFalse();
        assertThat(mismatch.messages()).isEmpty();
        assertThat(mismatch.position()).isEqualTo(new StreamPosition(4, epoch));

        HistoryRead same = store.recover("room", 2, epoch, 10);
        assertThat(same.recovered()).isTrue();
        assertThat(offsets(same)).containsExactly(3L, 4L);

        HistoryRead noEpoch = store.recover("room", 2, null, 10);
        assertThat(noEpoch).isEqualTo(store.read("room", 2, 10));

        assertThat(store.recover("room", 4, epoch, 10).recovered()).isTrue();
        assertThat(store.recover("room", 5, epoch, 10).recovered()).isFalse();
    }

    @Test
    void recoverCutShortByTheLimitIsNotARecovery() {
        MemoryHistoryStore store = store(10);
        appendN(store, "room", 6);
        String epoch = store.position("room").epoch();

        HistoryRead cut = store.recover("room", 1, epoch, 2);
        assertThat(cut.recovered()).isFalse();
        assertThat(offsets(cut)).containsExactly(2L, 3L);
        assertThat(store.read("room", 1, 2).recovered()).isTrue();
    }

    @Test
    void expireDropsIdleChannelsAndTheirNextPublishStartsANewEpoch() {
        MemoryHistoryStore store = store(10);
        appendN(store, "a", 3);
        String oldEpoch = store.position("a").epoch();
        store.append("b", "{}", "bob");
        assertThat(store.heldMessages()).isEqualTo(4);

        clock.advance(Duration.ofSeconds(59));
        store.expire();
        assertThat(store.heldMessages()).isEqualTo(4);
        assertThat(store.channelCount()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        store.expire();
        assertThat(store.heldMessages()).isZero();
        assertThat(store.channelCount()).isZero();

        ChannelMessage next = store.append("a", "{}", "alice");
        assertThat(next.offset()).isEqualTo(1);
        assertThat(next.epoch()).isNotEqualTo(oldEpoch);
        assertThat(store.recover("a", 3, oldEpoch, 10).recovered()).isFalse();
    }

    @Test
    void withoutHistoryOffsetsCountWhileTheStreamLives() {
        MemoryHistoryStore store = store(0);
        ChannelMessage first = store.append("room", "{}", "alice");
        clock.advance(Duration.ofSeconds(59));
        store.expire();
        ChannelMessage second = store.append("room", "{}", "alice");

        assertThat(second.offset()).isEqualTo(2);
        assertThat(second.epoch()).isEqualTo(first.epoch());
        assertThat(store.heldMessages()).isZero();
        HistoryRead read = store.read("room", 1, 10);
        assertThat(read.messages()).isEmpty();
        assertThat(read.recovered()).isFalse();
        assertThat(store.read("room", 2, 10).recovered()).isTrue();

        clock.advance(Duration.ofSeconds(60));
        store.expire();
        assertThat(store.channelCount()).isZero();
        assertThat(store.append("room", "{}", "alice").offset()).isEqualTo(1);
    }

    @Test
    void concurrentAppendsGetGapFreeOffsetsInStoredOrder() throws Exception {
        int threads = 8;
        int perThread = 10_000;
        MemoryHistoryStore store = store(threads * perThread);
        ExecutorService pool = Executors.newFixedThreadPool(threads, new NamedThreadFactory("test-append", true));
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    long[] got = new long[perThread];
                    for (int i = 0; i < perThread; i++) {
                        got[i] = store.append("hot", "{}", "alice").offset();
                    }
                    return got;
                }));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<long[]> result : results) {
                long[] got = result.get(30, TimeUnit.SECONDS);
                assertThat(got).as("one thread's offsets").isSorted().doesNotHaveDuplicates();
                LongStream.of(got).forEach(all::add);
            }
            assertThat(all).hasSize(threads * perThread).doesNotHaveDuplicates()
                    .allMatch(o -> o >= 1 && o <= threads * perThread);
            HistoryRead read = store.read("hot", 0, threads * perThread);
            assertThat(offsets(read)).containsExactlyElementsOf(
                    LongStream.rangeClosed(1, threads * perThread).boxed().toList());
            assertThat(store.heldMessages()).isEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("append pool stopped").isTrue();
        }
    }

    @Test
    void appendsRacingExpireStayGapFreeWithinEachEpoch() throws Exception {
        MemoryHistoryStore store = store(0);
        ExecutorService pool = Executors.newSingleThreadExecutor(new NamedThreadFactory("test-expire", true));
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?> expirer = pool.submit(() -> {
                start.await();
                for (int i = 0; i < 2_000; i++) {
                    clock.advance(TTL);
                    store.expire();
                }
                return null;
            });
            start.countDown();
            ChannelMessage previous = null;
            for (int i = 0; i < 20_000; i++) {
                ChannelMessage m = store.append("room", "{}", "alice");
                if (previous != null && m.epoch().equals(previous.epoch())) {
                    assertThat(m.offset()).isEqualTo(previous.offset() + 1);
                } else {
                    assertThat(m.offset()).isEqualTo(1);
                }
                previous = m;
            }
            expirer.get(30, TimeUnit.SECONDS);
            assertThat(store.channelCount()).isLessThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("expire pool stopped").isTrue();
        }
    }

    @Test
    void closeReleasesEverythingAndRefusesLaterCalls() {
        MemoryHistoryStore store = store(10);
        appendN(store, "room", 3);
        store.close();
        store.close();

        assertThat(store.heldMessages()).isZero();
        assertThat(store.channelCount()).isZero();
        assertThatThrownBy(() -> store.append("room", "{}", "alice")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.read("room", 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThat(store.channelCount()).isZero();
    }

    @Test
    void rejectsBadArguments() {
        MemoryHistoryStore store = store(10);
        assertThatThrownBy(() -> store.read("room", -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read("room", 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryHistoryStore(codec, -1, TTL, clock, wallMillis::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryHistoryStore(codec, 1, Duration.ZERO, clock, wallMillis::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
