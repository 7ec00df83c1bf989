package dev.switchboard.client;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One connection attempt and, once open, its WebSocket (the JDK's {@code java.net.http.WebSocket}). Whole text
 * messages go to {@link Events} on the event loop, and the next one is requested only after the loop handled it,
 * so a slow client pushes back on the hub through TCP. Sends are queued here, one in flight at a time (the JDK
 * refuses a second concurrent send); {@link #send}, {@link #close} and {@link #abort} run on the event loop.
 */
final class Link implements WebSocket.Listener {

    /** What a link reports to its client, always on the event loop. */
    interface Events {
        void opened(Link link);

        void received(Link link, String text);

        void alive(Link link);

        void closed(Link link, int code, String reason);

        void failed(Link link, Throwable error);
    }

    private final EventLoop loop;
    private final Events events;
    private final StringBuilder partial = new StringBuilder();
    private final Queue<String> outgoing = new ArrayDeque<>();
    private volatile WebSocket socket;
    private boolean sending;
    private boolean closing;

    Link(EventLoop loop, Events events) {
        this.loop = loop;
        this.events = events;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        if (!loop.execute(() -> events.opened(this))) {
            // The client closed while this attempt was under way: nobody will ever use this connection.
            webSocket.abort();
            return;
        }
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (!last) {
            webSocket.request(1);
            return null;
        }
        String text = partial.toString();
        partial.setLength(0);
        loop.execute(() -> {
            try {
                events.received(this, text);
            } finally {
                // Demand must survive a failing handler, or the JDK would stop reading (and miss even the EOF).
                webSocket.request(1);
            }
        });
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        // The JDK answers the ping itself; a ping is a sign of life like any frame.
        loop.execute(() -> events.alive(this));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        loop.execute(() -> events.alive(this));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        loop.execute(() -> events.closed(this, statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        loop.execute(() -> events.failed(this, error));
    }

    /** Queues a text frame; sent after the ones before it. Event loop only. */
    void send(String text) {
        if (closing) {
            return;
        }
        outgoing.add(text);
        pump();
    }

    private void pump() {
        WebSocket ws = socket;
        if (sending || ws == null || outgoing.isEmpty()) {
            return;
        }
        sending = true;
        ws.sendText(outgoing.poll(), true).whenComplete((done, error) -> loop.execute(() -> {
            sending = false;
            if (error != null) {
                events.failed(this, error);
            } else {
                pump();
            }
        }));
    }

    /**
     * Sends a WebSocket ping as a write probe: the JDK drops an EOF read while demand is zero (no onClose, no
     * onError), so a cut shows only as a failing write. A failure is reported as {@link Events#failed}.
     */
    void probe() {
        WebSocket ws = socket;
        if (closing || ws == null) {
            return;
        }
        ws.sendPing(ByteBuffer.allocate(0)).whenComplete((done, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            // IllegalStateException: a ping or pong of the JDK's is still pending; the next probe writes again.
            if (cause != null && !(cause instanceof IllegalStateException)) {
                loop.execute(() -> events.failed(this, cause));
            }
        });
    }

    /** @return completes once a close frame with {@code code} went out (or could not); the caller then aborts */
    CompletableFuture<Void> close(int code) {
        closing = true;
        WebSocket ws = socket;
        CompletableFuture<Void> sent = new CompletableFuture<>();
        if (ws == null || ws.isOutputClosed()) {
            sent.complete(null);
        } else {
            try {
                ws.sendClose(code, "").whenComplete((done, error) -> sent.complete(null));
            } catch (IllegalStateException e) {
                sent.complete(null);
            }
        }
        return sent;
    }

    /** Drops the TCP connection at once (a dead hub, or after the close frame). Idempotent. */
    void abort() {
        closing = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }
}
