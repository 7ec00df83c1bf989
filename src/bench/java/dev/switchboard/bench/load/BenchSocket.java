package dev.switchboard.bench.load;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One client connection of the load generator. The JDK calls a listener's methods one at a time per socket, so the
 * per-socket fields need no lock; what is shared goes to the {@link Tally}.
 */
final class BenchSocket implements WebSocket.Listener {

    /** How a socket treats what it receives. */
    enum Mode {
        /** Reads everything and records latencies. */
        READING,
        /** Reads one frame (the welcome) and then nothing: a stalled consumer, back-pressured through TCP. */
        NOT_READING,
        /** Reads everything and records nothing (the publisher). */
        DISCARD
    }

    private static final String TS_KEY = "\"lg_ts\":";

    private final Mode mode;
    private final String subscribeFrame;
    private final Tally tally;
    /** Completes when the hub confirmed the subscription (or at open when there is nothing to subscribe to). */
    final CompletableFuture<WebSocket> ready = new CompletableFuture<>();
    /** Completes when the connection closed or failed. */
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private StringBuilder partial;
    private volatile long received;
    volatile WebSocket socket;
    /** The hub's close code, -1 after an error without one, 0 while open. */
    volatile int closeCode;

    BenchSocket(Mode mode, String subscribeFrame, Tally tally) {
        this.mode = mode;
        this.subscribeFrame = subscribeFrame;
        this.tally = tally;
    }

    Mode mode() {
        return mode;
    }

    long received() {
        return received;
    }

    boolean isOpen() {
        return !closed.isDone();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(mode == Mode.NOT_READING ? 1 : Long.MAX_VALUE);
        if (subscribeFrame != null) {
            webSocket.sendText(subscribeFrame, true);
        } else {
            ready.complete(webSocket);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!last) {
            if (partial == null) {
                partial = new StringBuilder();
            }
            partial.append(data);
            return null;
        }
        CharSequence text = data;
        if (partial != null) {
            text = partial.append(data);
            partial = null;
        }
        // A stalled consumer's one read is its welcome; on a raw peer it is a broadcast, which must not count.
        if (mode == Mode.READING) {
            onFrame(webSocket, text.toString());
        }
        return null;
    }

    private void onFrame(WebSocket webSocket, String text) {
        int at = text.indexOf(TS_KEY);
        if (at >= 0) {
            long now = System.nanoTime();
            received++;
            tally.delivery(parseLong(text, at + TS_KEY.length()), now);
        } else if (text.startsWith("{\"type\":\"subscribed\"")) {
            tally.subscribed.increment();
            ready.complete(webSocket);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (closed.complete(null)) {
            closeCode = statusCode;
            tally.closed.increment();
            tally.closedWith(Integer.toString(statusCode));
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (closed.complete(null)) {
            closeCode = -1;
            tally.errors.increment();
            tally.closedWith("error");
        }
        ready.completeExceptionally(error);
    }

    private static long parseLong(String s, int from) {
        long v = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
