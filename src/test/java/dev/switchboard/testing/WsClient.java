package dev.switchboard.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real WebSocket client for tests (the JDK's {@code java.net.http.WebSocket}): collects text frames in order and
 * records the close code it received. With {@code reading=false} it never asks for frames, so its socket buffers
 * fill up like a peer that stopped reading. The JDK client answers pings by itself.
 */
public final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
    private final WebSocket socket;
    private final Predicate<String> sink;

    private WsClient(URI uri, Map<String, String> headers, boolean reading) {
        this(uri, headers, reading, frame -> false);
    }

    private WsClient(URI uri, Map<String, String> headers, boolean reading, Predicate<String> sink) {
        this(HttpClient.newHttpClient(), uri, headers, reading, sink);
    }

    private WsClient(HttpClient http, URI uri, Map<String, String> headers, boolean reading,
            Predicate<String> sink) {
        this.sink = sink;
        Listener listener = new Listener(reading);
        WebSocket.Builder builder = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, listener).join();
    }

    public static WsClient connect(int port) {
        return new WsClient(URI.create("ws://127.0.0.1:" + port + "/ws"), Map.of(), true);
    }

    public static WsClient connect(int port, Map<String, String> headers) {
        return new WsClient(URI.create("ws://127.0.0.1:" + port + "/ws"), headers, true);
    }

    /**
     * A client that offers every text frame to {@code sink} first (on the client's reading thread): frames it
     * accepts are not queued for {@link #next()}. For high-volume tests that check frames as they arrive.
     */
    public static WsClient connect(int port, Predicate<String> sink) {
        return new WsClient(URI.create("ws://127.0.0.1:" + port + "/ws"), Map.of(), true, sink);
    }

    /** A client of a hub at any URI, e.g. {@code ws://127.0.0.1:N/switchboard/ws} in an application server. */
    public static WsClient connect(URI uri) {
        return new WsClient(uri, Map.of(), true);
    }

    /** As {@link #connect(URI)}, with these handshake headers (e.g. {@code Authorization}). */
    public static WsClient connect(URI uri, Map<String, String> headers) {
        return new WsClient(uri, headers, true);
    }

    /** A client of a hub at any URI through {@code http}, e.g. one with an SSL context for {@code wss://}. */
    public static WsClient connect(HttpClient http, URI uri) {
        return new WsClient(http, uri, Map.of(), true, frame -> false);
    }

    public static WsClient connectNotReading(int port) {
        return new WsClient(URI.create("ws://127.0.0.1:" + port + "/ws"), Map.of(), false);
    }

    /** Starts reading again after {@link #connectNotReading}: frames and the close are then received. */
    public void resumeReading() {
        socket.request(1);
    }

    public WebSocket socket() {
        return socket;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends one protocol request, waiting until it was handed to the network. */
    public void send(ClientFrame frame) {
        send(frame.json());
    }

    /** @return the next text frame as JSON, failing the test if none arrives within {@link #WAIT} */
    public JsonNode next() {
        try {
            String frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within " + WAIT);
            }
            return JSON.readTree(frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.io.IOException e) {
            throw new AssertionError("frame is not JSON", e);
        }
    }

    /** @return the next frame of this type, skipping others, or fails */
    public JsonNode next(String type) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = next();
            if (type.equals(frame.path("type").asText())) {
                return frame;
            }
        }
        throw new AssertionError("no '" + type + "' frame within " + WAIT);
    }

    /** @return frames already received and not yet taken */
    public int pending() {
        return frames.size();
    }

    /** @return the close code received from the hub (1006 if the connection failed), within the wait */
    public int awaitClose(Duration wait) {
        try {
            return closeCode.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no close within " + wait, e);
        }
    }

    /** @return how many WebSocket pings the hub has sent (the JDK client answers each with a pong) */
    public int pingsReceived() {
        return pings.get();
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(1000, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final boolean reading;
        private final StringBuilder partial = new StringBuilder();

        Listener(boolean reading) {
            this.reading = reading;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (reading) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                if (!sink.test(frame)) {
                    frames.add(frame);
                }
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
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            // Only called when frames were requested: a client that stopped reading never gets here.
            pings.incrementAndGet();
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
