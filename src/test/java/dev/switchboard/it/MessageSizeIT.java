package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubExtension;
import dev.switchboard.testing.WsClient;

/**
 * {@code max.message.bytes} (default 65536) as a client sees it: an oversize message is answered with close 1009
 * however it is framed, early and without the hub buffering it; a message of exactly the limit is served; and the
 * hub keeps serving afterwards.
 */
class MessageSizeIT {

    private static final int LIMIT = 65_536;
    private static final int HUGE = 50 * 1024 * 1024;
    private static final int FRAGMENT = 16 * 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);
    private static final int TOO_BIG = CloseCodes.MESSAGE_TOO_BIG.code();
    /**
     * How much the hub's retained heap may grow across a 50 MB message. The hub should hold at most one message of
     * 64 KiB plus a few buffers, so a hub that buffered even a tenth of the message would exceed this; the rest is
     * headroom for what the JVM itself allocates and keeps around a first large transfer (JIT, class loading,
     * Grizzly's pooled buffers, TLABs), which measured at well under this.
     */
    private static final long HEAP_GROWTH_BOUND = 16L * 1024 * 1024;

    @RegisterExtension
    static final HubExtension hub = HubExtension.withDefaults();

    @Test
    void fiftyMegabytesInOneFrameIsClosedWith1009WithoutGrowingTheHeap() throws Exception {
        String huge = "x".repeat(HUGE);
        long before = usedHeapAfterGc();
        try (WsClient c = WsClient.connect(hub.port())) {
            c.next("welcome");
            long allocatedBefore = hubThreadsAllocatedBytes();
            // The send may fail once the hub tears the connection down after its close; the close is what counts.
            c.socket().sendText(huge, true).exceptionally(e -> null);
            assertThat(c.awaitClose(CLOSE_WAIT)).isEqualTo(TOO_BIG);
            long allocated = hubThreadsAllocatedBytes() - allocatedBefore;
            long atClose = usedHeapAfterGc();
            System.out.printf("MessageSizeIT: hub threads allocated %d KiB while refusing 50 MB; retained heap +%d KiB%n",
                    allocated / 1024, (atClose - before) / 1024);
            // Reading the bytes off the socket allocates about their size in Grizzly's read buffers (measured: 1.07x).
            // Gathering the message anywhere would add at least as much again, so 1.5x tells the two apart.
            assertThat(allocated).as("bytes the hub's threads allocated while refusing the message")
                    .isLessThan(HUGE * 3L / 2);
            assertThat(atClose - before).as("heap growth at the close, bytes").isLessThan(HEAP_GROWTH_BOUND);
        }
        assertHubRecovers();
        long after = usedHeapAfterGc();
        assertThat(after - before).as("heap growth after the connection is gone, bytes")
                .isLessThan(HEAP_GROWTH_BOUND);
        assertThat(huge).hasSize(HUGE); // keeps the client's copy alive across both measurements
    }

    @Test
    void fiftyMegabytesIn16KiBFragmentsIsClosedWith1009() throws Exception {
        try (WsClient c = WsClient.connect(hub.port())) {
            c.next("welcome");
            sendFragmented(c, HUGE);
            assertThat(c.awaitClose(CLOSE_WAIT)).isEqualTo(TOO_BIG);
        }
        assertHubRecovers();
    }

    @Test
    void aMessageOfExactlyTheLimitIsServed() {
        try (WsClient c = WsClient.connect(hub.port())) {
            c.next("welcome");
            String publish = publishOfSize("exact", LIMIT);
            assertThat(publish.getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT);
            c.send(publish);
            JsonNode published = c.next("published");
            assertThat(published.path("id").asText()).isEqualTo("exact");
            assertThat(c.isClosed()).isFalse();
            c.send(Frames.ping().id(2));
            assertThat(c.next("pong").path("id").asInt()).isEqualTo(2);
        }
        assertHubRecovers();
    }

    @Test
    void aMessageOneByteOverTheLimitIsClosedWith1009() {
        try (WsClient c = WsClient.connect(hub.port())) {
            c.next("welcome");
            String publish = publishOfSize("over", LIMIT + 1);
            assertThat(publish.getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT + 1);
            c.socket().sendText(publish, true).exceptionally(e -> null);
            assertThat(c.awaitClose(CLOSE_WAIT)).isEqualTo(TOO_BIG);
        }
        assertHubRecovers();
    }

    @Test
    void fragmentsOneByteOverTheLimitAreClosedWith1009() throws Exception {
        try (WsClient c = WsClient.connect(hub.port())) {
            c.next("welcome");
            sendFragmented(c, LIMIT + 1);
            assertThat(c.awaitClose(CLOSE_WAIT)).isEqualTo(TOO_BIG);
        }
        assertHubRecovers();
    }

    /** Sends {@code total} bytes as one text message in 16 KiB fragments, stopping once closed or a send fails. */
    private static void sendFragmented(WsClient c, int total) throws InterruptedException {
        String part = "y".repeat(FRAGMENT);
        int sent = 0;
        while (sent < total && !c.isClosed()) {
            int size = Math.min(FRAGMENT, total - sent);
            boolean last = sent + size == total;
            try {
                c.socket().sendText(size == FRAGMENT ? part : part.substring(0, size), last)
                        .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return; // the hub has closed the connection
            } catch (TimeoutException e) {
                throw new AssertionError("a fragment send did not complete within " + CLOSE_WAIT
                        + " after " + sent + " bytes", e);
            }
            sent += size;
        }
    }

    /** A publish request whose UTF-8 encoding is exactly {@code size} bytes. */
    private static String publishOfSize(String id, int size) {
        int overhead = publishWithPad(id, "").getBytes(StandardCharsets.UTF_8).length;
        return publishWithPad(id, "p".repeat(size - overhead));
    }

    private static String publishWithPad(String id, String pad) {
        return Frames.publish("size:" + id, Frames.object("pad", pad)).id(id).json();
    }

    /** The refused connection leaves the registry, and a new client is welcomed and served. */
    private static void assertHubRecovers() {
        ConnectionRegistry registry = hub.bean(ConnectionRegistry.class);
        await("registry empties after the close").atMost(Duration.ofSeconds(10)).until(() -> registry.count() == 0);
        try (WsClient fresh = WsClient.connect(hub.port())) {
            fresh.next("welcome");
            fresh.send(Frames.ping().id(1));
            assertThat(fresh.next("pong").path("id").asInt()).isEqualTo(1);
        }
        await("registry empties after the fresh client").atMost(Duration.ofSeconds(10))
                .until(() -> registry.count() == 0);
    }

    /** @return bytes allocated so far by the hub's I/O and send threads (Grizzly and switchboard-*) */
    private static long hubThreadsAllocatedBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("grizzly") || t.getName().startsWith("switchboard-")) {
                total += Math.max(0, threads.getThreadAllocatedBytes(t.getId()));
            }
        }
        return total;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
