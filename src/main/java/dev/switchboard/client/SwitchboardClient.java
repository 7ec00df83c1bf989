package dev.switchboard.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A reconnecting client of a Switchboard hub (docs/clients.md): subscriptions survive reconnects, each channel's
 * messages reach the application exactly once and in offset order, or an explicit {@link Gap} says what was lost.
 * <p>
 * The transport is the JDK's {@code java.net.http.WebSocket}: it ships with every Java 11+ runtime, so the client
 * needs nothing but Jackson, drags no WebSocket implementation or server into the application, and its
 * back-pressure ({@code request(n)}) lets a slow application slow the hub's sending through TCP.
 * <p>
 * Thread-safe; no method blocks except {@link #close()} (bounded). Callbacks and the stages returned run on one
 * delivery thread (or the executor given to the builder), in order; a callback must not block. Logs go through
 * {@link System.Logger} (logger {@code dev.switchboard.client}), which reaches SLF4J when the application routes the
 * platform logger there (e.g. {@code slf4j-jdk-platform-logging}); the client itself depends on no logging library.
 */
public final class SwitchboardClient implements AutoCloseable {

    /** How long {@link #close()} waits for the client's threads to end. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final EventLoop loop;
    private final Delivery delivery;
    private final Engine engine;
    private final ExecutorService io;

    SwitchboardClient(ClientSettings settings, List<StateListener> listeners, Executor executor) {
        String name = "switchboard-client-" + Integer.toHexString(System.identityHashCode(this));
        this.loop = new EventLoop(name);
        this.delivery = new Delivery(executor, name + "-delivery");
        this.io = IoThreads.pool(name + "-io");
        this.engine = new Engine(settings, new Engine.Runtime(loop, delivery, io), new ArrayList<>(listeners));
    }

    /** @return a builder for a client of the hub at {@code uri} (e.g. {@code ws://localhost:8080/ws}) */
    public static ClientBuilder builder(URI uri) {
        return new ClientBuilder(uri);
    }

    /** Starts connecting (IDLE → CONNECTING); nothing connects before. Later calls do nothing. Never blocks. */
    public void connect() {
        loop.execute(engine::start);
    }

    /** @return the current state */
    public ClientState state() {
        return engine.state();
    }

    /** @return completes at the next CONNECTED (at once if connected); fails if the client closes first */
    public CompletionStage<Void> connected() {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        if (!loop.execute(() -> engine.whenConnected(waiter))) {
            waiter.completeExceptionally(closed());
        }
        return waiter;
    }

    /**
     * Subscribes to {@code channel}, now or at the next connection, and after every reconnect from the last message
     * delivered. Subscribing to the same channel again replaces its listener.
     */
    public Subscription subscribe(String channel, ChannelListener listener) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(listener, "listener");
        loop.execute(() -> engine.subscribe(channel, listener));
        return new Subscription(channel, () -> loop.execute(() -> engine.unsubscribe(channel)));
    }

    /**
     * Publishes {@code data} (a {@link JsonNode}, or any value Jackson can map). While disconnected it waits in the
     * offline queue. @return the message's offset; fails with {@link HubErrorException} (the hub's code),
     * {@link ClientException} (queue full, connection lost with the outcome unknown, closed) or a timeout
     */
    public CompletionStage<Long> publish(String channel, Object data) {
        Objects.requireNonNull(channel, "channel");
        JsonNode tree = engine.frames().tree(data);
        return request(id -> engine.frames().publish(id, channel, tree)).thenApply(r -> r.path("offset").asLong());
    }

    /** @return up to {@code limit} (1–1,000) held messages after {@code since}, ascending (see {@link History}) */
    public CompletionStage<History> history(String channel, long since, int limit) {
        Objects.requireNonNull(channel, "channel");
        return request(id -> engine.frames().history(id, channel, since, limit)).thenApply(r -> {
            List<Message> messages = new ArrayList<>();
            r.path("messages").forEach(m -> messages.add(Message.of(m)));
            return new History(r.path("channel").asText(), r.path("epoch").asText(), List.copyOf(messages),
                    r.path("recovered").asBoolean(), r.path("more").asBoolean());
        });
    }

    /** @return the users subscribed to {@code channel} on the hub */
    public CompletionStage<List<String>> presence(String channel) {
        Objects.requireNonNull(channel, "channel");
        return request(id -> engine.frames().presence(id, channel)).thenApply(r -> {
            List<String> users = new ArrayList<>();
            r.path("users").forEach(u -> users.add(u.asText()));
            return List.copyOf(users);
        });
    }

    private CompletionStage<JsonNode> request(LongFunction<ObjectNode> frame) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        boolean taken = loop.execute(() -> {
            long id = engine.nextId();
            engine.request(new Requests.Pending(id, frame.apply(id), answer));
        });
        if (!taken) {
            answer.completeExceptionally(closed());
        }
        return answer.whenCompleteAsync((r, e) -> { }, delivery);
    }

    private static ClientException closed() {
        return new ClientException(ClientException.Reason.CLOSED, "the client is closed");
    }

    /**
     * Closes the connection (1000), fails what is pending with {@link ClientException.Reason#CLOSED}, and ends
     * every thread the client started; waits for that up to 5 s (not when called from a callback). Idempotent.
     */
    @Override
    public void close() {
        loop.execute(() -> engine.closeWith(CloseCause.application()));
        if (loop.inLoop() || delivery.inDelivery()) {
            return;
        }
        try {
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            loop.awaitTermination(CLOSE_WAIT);
            delivery.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            io.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
