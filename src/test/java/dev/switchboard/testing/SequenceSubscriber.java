package dev.switchboard.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A subscriber of one channel that does what a client does to survive node failures: it keeps the channel's last
 * offset and epoch, and when its connection drops it connects again to the same address (the load balancer) and
 * resubscribes with {@code since} and {@code epoch}. Every message's data carries {@code {"seq":n}}. As messages
 * arrive it checks that offsets rise by one in one epoch and that recovery is never refused; it keeps the seqs in
 * arrival order for the test to compare with what was acknowledged, in offset order. A subscribe answered
 * {@code unavailable} ("try again") is sent again after a pause. Thread-safe to observe.
 */
public final class SequenceSubscriber implements AutoCloseable {

    private static final long MAX_BACKOFF_MILLIS = 1_000;
    private static final int MAX_PROBLEMS = 20;
    private static final long RETRY_MILLIS = 300;

    private final HttpClient http;
    private final URI uri;
    private final String channel;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    // Guarded by lock.
    private final List<String> problems = new ArrayList<>();
    private final List<Integer> closeCodes = new ArrayList<>();
    private long lastOffset = -1;
    private String epoch;
    private long lastSeq;
    private final Seqs seqs = new Seqs();
    private long received;
    private int connections;
    private int failedAttempts;
    private int refusedSubscribes;
    private boolean subscribed;
    private String lastOther;
    private boolean closed;
    private WebSocket socket;

    private SequenceSubscriber(HttpClient http, URI uri, String channel, ScheduledExecutorService timer) {
        this.http = http;
        this.uri = uri;
        this.channel = channel;
        this.timer = timer;
    }

    /**
     * Connects to {@code uri} (a {@code ws://…/ws} address) and subscribes to {@code channel}; reconnections are
     * scheduled on {@code timer}, which the caller owns. Returns at once: see {@link #isSubscribed()}.
     */
    public static SequenceSubscriber start(HttpClient http, URI uri, String channel,
            ScheduledExecutorService timer) {
        SequenceSubscriber subscriber = new SequenceSubscriber(http, uri, channel, timer);
        subscriber.connect();
        return subscriber;
    }

    private void connect() {
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, new Listener())
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        reconnectLater("connect failed");
                        return;
                    }
                    boolean abort;
                    synchronized (lock) {
                        abort = closed;
                        socket = ws;
                        connections++;
                        failedAttempts = 0;
                    }
                    if (abort) {
                        ws.abort();
                    }
                });
    }

    private void reconnectLater(String why) {
        long delay;
        synchronized (lock) {
            subscribed = false;
            if (closed) {
                return;
            }
            failedAttempts++;
            delay = Math.min(MAX_BACKOFF_MILLIS, 50L << Math.min(failedAttempts, 5))
                    + ThreadLocalRandom.current().nextLong(100);
        }
        timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /** The subscribe request for a fresh connection: with since and epoch once the channel's position is known. */
    private String subscribeRequest() {
        synchronized (lock) {
            ClientFrame subscribe = Frames.subscribe(channel).id(connections + 1);
            return (epoch == null ? subscribe : subscribe.since(lastOffset, epoch)).json();
        }
    }

    private void accept(WebSocket webSocket, String text) {
        JsonNode frame = Frames.parse(text);
        String type = frame.path("type").asText();
        boolean retry = false;
        synchronized (lock) {
            switch (type) {
                case "subscribed" -> onSubscribed(frame);
                case "message" -> {
                    if (channel.equals(frame.path("channel").asText())) {
                        onMessage(frame);
                    }
                }
                case "error" -> retry = onError(frame, text);
                default -> lastOther = text; // welcome, presence events: not part of the accounting
            }
        }
        if (retry) {
            // "unavailable" means "try again": what a client does, after a pause.
            timer.schedule(() -> webSocket.sendText(subscribeRequest(), true), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** @return whether the error refused this connection's subscribe as unavailable, so that it is sent again */
    private boolean onError(JsonNode frame, String text) {
        if (!subscribed && "unavailable".equals(frame.path("code").asText())) {
            refusedSubscribes++;
            return true;
        }
        problem("error " + text);
        return false;
    }

    private void onSubscribed(JsonNode frame) {
        subscribed = true;
        if (epoch == null) {
            epoch = frame.path("epoch").asText();
            lastOffset = frame.path("offset").asLong();
        } else if (!frame.path("recovered").asBoolean(false)) {
            problem("not recovered after reconnection " + connections + ": " + frame);
        } else if (!epoch.equals(frame.path("epoch").asText())) {
            problem("epoch changed from " + epoch + " in " + frame);
        }
    }

    private void onMessage(JsonNode frame) {
        received++;
        long offset = frame.path("offset").asLong();
        long seq = frame.path("data").path("seq").asLong(-1);
        if (!frame.path("epoch").asText().equals(epoch)) {
            problem("message of another epoch: " + frame);
        }
        if (offset != lastOffset + 1) {
            problem("offset " + offset + " after " + lastOffset);
        }
        lastOffset = Math.max(lastOffset, offset);
        lastSeq = seq;
        seqs.add(seq);
    }

    private void problem(String what) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(what);
        }
    }

    public String channel() {
        return channel;
    }

    /** @return whether the current connection got its {@code subscribed} reply */
    public boolean isSubscribed() {
        synchronized (lock) {
            return subscribed;
        }
    }

    /** @return the seq of the last message received */
    public long lastSeq() {
        synchronized (lock) {
            return lastSeq;
        }
    }

    /** @return whether the seqs received are exactly {@code expected}, in that order */
    public boolean receivedExactly(long[] expected) {
        synchronized (lock) {
            return seqs.equalTo(expected);
        }
    }

    /** @return where the seqs received first differ from {@code expected}, for a failure message */
    public String differenceFrom(long[] expected) {
        return differenceFrom(expected, new long[0]);
    }

    /**
     * @return where the seqs received, those of {@code inDoubt} left out, first differ from {@code expected}; or
     *         that a seq in doubt came twice; "" when neither
     */
    public String differenceFrom(long[] expected, long[] inDoubt) {
        synchronized (lock) {
            return seqs.differenceFrom(expected, inDoubt);
        }
    }

    /** @return messages of the channel received, duplicates included */
    public long received() {
        synchronized (lock) {
            return received;
        }
    }

    /** @return what broke exactly-once, in-order delivery or recovery (at most 20), empty for a correct hub */
    public List<String> problems() {
        synchronized (lock) {
            return List.copyOf(problems);
        }
    }

    /** @return subscribes answered {@code unavailable} (and sent again) */
    public int refusedSubscribes() {
        synchronized (lock) {
            return refusedSubscribes;
        }
    }

    /** @return connections opened, the first included */
    public int connections() {
        synchronized (lock) {
            return connections;
        }
    }

    /** @return the close codes of the dropped connections, in order (1006 for a drop without a close frame) */
    public List<Integer> closeCodes() {
        synchronized (lock) {
            return List.copyOf(closeCodes);
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "subscriber of " + channel + " (last seq " + lastSeq + ", received " + received
                    + ", connections " + connections + ", subscribed " + subscribed + ", subscribes refused as unavailable "
                    + refusedSubscribes + ", closes " + closeCodes
                    + ", last other frame " + lastOther + ", problems " + problems + ")";
        }
    }

    /** Closes the connection for good: no reconnection follows. */
    @Override
    public void close() {
        WebSocket current;
        synchronized (lock) {
            closed = true;
            current = socket;
        }
        if (current != null) {
            current.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.sendText(subscribeRequest(), true);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                accept(webSocket, partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            dropped(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            dropped(1006);
        }

        private void dropped(int code) {
            synchronized (lock) {
                closeCodes.add(code);
            }
            reconnectLater("closed with " + code);
        }
    }
}
