package dev.switchboard.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A high-volume WebSocket client that keeps no frames: it checks that one channel's {@code message} offsets arrive
 * gap-free and exactly once from a given start, and reads freely, at a steady rate, or not at all after a number of
 * frames (TCP back-pressure then reaches the hub). Other frames are kept as text. Thread-safe to observe.
 */
public final class OffsetReader implements AutoCloseable {

    private final String channel;
    private final AtomicLong lastOffset;
    private final AtomicLong received = new AtomicLong();
    private final AtomicInteger disorder = new AtomicInteger();
    private final AtomicLong readBudget;
    private final List<String> others = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;
    private volatile ScheduledFuture<?> pacing;

    private OffsetReader(HttpClient http, URI uri, String channel, long since, long readBudget) {
        this.channel = channel;
        this.lastOffset = new AtomicLong(since);
        this.readBudget = new AtomicLong(readBudget);
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener()).join();
    }

    /** A reader that reads as fast as it can, expecting offsets of {@code channel} from {@code since + 1} on. */
    public static OffsetReader reading(HttpClient http, URI uri, String channel, long since) {
        return new OffsetReader(http, uri, channel, since, Long.MAX_VALUE);
    }

    /** A reader that reads {@code frames} frames (the welcome included), then stops reading altogether. */
    public static OffsetReader stoppingAfter(HttpClient http, URI uri, String channel, long since, long frames) {
        return new OffsetReader(http, uri, channel, since, frames);
    }

    /**
     * A reader that reads the welcome, then {@code perSecond} frames a second, paced by {@code timer} (which the
     * caller owns), in slices of a millisecond.
     */
    public static OffsetReader paced(HttpClient http, URI uri, String channel, long since, int perSecond,
            ScheduledExecutorService timer) {
        OffsetReader reader = new OffsetReader(http, uri, channel, since, 1);
        long perTick = Math.max(1, perSecond / 1000);
        reader.pacing = timer.scheduleAtFixedRate(() -> reader.allow(perTick), 1, 1, TimeUnit.MILLISECONDS);
        return reader;
    }

    /** Lets the reader read {@code frames} more frames. */
    public void allow(long frames) {
        if (readBudget.getAndAdd(frames) <= 0) {
            socket.request(1);
        }
    }

    public void send(ClientFrame frame) {
        socket.sendText(frame.toString(), true).join();
    }

    /** @return the last in-order offset of the channel received */
    public long lastOffset() {
        return lastOffset.get();
    }

    /** @return messages of the channel received */
    public long received() {
        return received.get();
    }

    /** @return messages that arrived out of order, duplicated or after a gap: 0 for a correct hub */
    public int disorder() {
        return disorder.get();
    }

    /** @return every frame that was not a message of the channel, in order */
    public List<String> others() {
        return List.copyOf(others);
    }

    /** @return the close code, once the connection closed */
    public CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    @Override
    public void close() {
        ScheduledFuture<?> p = pacing;
        if (p != null) {
            p.cancel(false);
        }
        socket.abort();
    }

    private void accept(String frame) {
        if (frame.startsWith("{\"type\":\"message\"") && frame.contains("\"channel\":\"" + channel + "\"")) {
            long offset = offsetOf(frame);
            received.incrementAndGet();
            if (!lastOffset.compareAndSet(offset - 1, offset)) {
                disorder.incrementAndGet();
            }
        } else {
            others.add(frame);
        }
    }

    private static long offsetOf(String frame) {
        int at = frame.indexOf("\"offset\":") + "\"offset\":".length();
        int end = at;
        while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
            end++;
        }
        return Long.parseLong(frame.substring(at, end));
    }

    /** Uses the listener's socket: the first frames may arrive before the constructor has stored its own. */
    private void requestNext(WebSocket webSocket) {
        if (readBudget.decrementAndGet() > 0) {
            webSocket.request(1);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                accept(partial.toString());
                partial.setLength(0);
                requestNext(webSocket);
            } else {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(1006);
        }
    }
}
