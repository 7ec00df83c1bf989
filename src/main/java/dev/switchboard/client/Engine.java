package dev.switchboard.client;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The client's machinery, run only on its {@link EventLoop}: attempts and backoff, the state machine, frames in and
 * out, liveness and token refresh. Every method must be called on the loop.
 */
final class Engine implements Link.Events {

    private static final System.Logger LOG = System.getLogger("dev.switchboard.client");
    /** How long the application's close waits for its close frame to go out before dropping the connection. */
    private static final Duration CLOSE_LINGER = Duration.ofSeconds(1);

    private final ClientSettings settings;
    private final EventLoop loop;
    private final Delivery delivery;
    private final ExecutorService io;
    private final List<StateListener> stateListeners;
    private final StateMachine machine = new StateMachine();
    private final Backoff backoff;
    private final ClientFrames frames = new ClientFrames();
    private final Subscriptions subscriptions;
    private final Requests requests;
    private final Liveness liveness;
    private final TokenRefresher refresher;
    private final List<CompletableFuture<Void>> connectWaiters = new ArrayList<>();
    /** Dropped at the end, so that the JDK's selector thread of this client can end too. */
    private HttpClient http;
    /** The current attempt or connection; {@code null} between them. */
    private Link link;
    private ScheduledFuture<?> retryTimer;

    Engine(ClientSettings settings, Runtime runtime, List<StateListener> stateListeners) {
        this.settings = settings;
        this.loop = runtime.loop();
        this.delivery = runtime.delivery();
        this.io = runtime.io();
        this.stateListeners = List.copyOf(stateListeners);
        this.backoff = new Backoff(settings.backoff(), System::nanoTime, () -> ThreadLocalRandom.current()
                .nextDouble());
        this.subscriptions = new Subscriptions(frames, delivery);
        this.requests = new Requests(settings.queueCapacity());
        this.liveness = new Liveness(settings, loop, System::nanoTime);
        this.refresher = new TokenRefresher(settings, loop, frames, requests::nextId);
        HttpClient.Builder client = HttpClient.newBuilder().executor(io).connectTimeout(settings.connectTimeout());
        this.http = (settings.tls() == null ? client : client.sslContext(settings.tls())).build();
    }

    /** The threads a client owns, and the one it may be given. */
    record Runtime(EventLoop loop, Delivery delivery, ExecutorService io) {
    }

    ClientState state() {
        return machine.state();
    }

    void start() {
        machine.fire(Transition.START).ifPresent(change -> {
            notify(change);
            attempt();
        });
    }

    private void retry() {
        machine.fire(Transition.RETRY).ifPresent(change -> {
            notify(change);
            attempt();
        });
    }

    private void attempt() {
        String token;
        try {
            token = settings.tokens().token();
        } catch (Exception e) {
            lost(new CloseCause(CloseCause.Kind.TOKEN_FAILED, 0, "the token supplier failed", e), Duration.ZERO);
            return;
        }
        refresher.using(token);
        Link next = new Link(loop, this);
        link = next;
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        builder.buildAsync(settings.uri(), next).whenComplete((ws, error) -> {
            if (error != null) {
                loop.execute(() -> attemptFailed(next, error));
            }
        });
    }

    @Override
    public void opened(Link opened) {
        if (opened != link || machine.fire(Transition.OPEN).map(this::connectedOn).isEmpty()) {
            opened.abort();
        }
    }

    /** The connection is open: watch it, resubscribe, flush the queue, tell who waits. */
    private ClientState connectedOn(StateChange change) {
        backoff.connected();
        liveness.start(link, () -> {
            link.abort();
            dropped(link, new CloseCause(CloseCause.Kind.HUB_UNRESPONSIVE, 1006, "no answer to ping", null));
        }, requests::nextId, frames);
        notify(change);
        subscriptions.resubscribe(requests::nextId).forEach(f -> link.send(frames.text(f)));
        requests.sendWaiting().forEach(p -> link.send(frames.text(p.frame)));
        connectWaiters.forEach(w -> delivery.execute(() -> w.complete(null)));
        connectWaiters.clear();
        refresher.start(link);
        return change.to();
    }

    private void attemptFailed(Link failed, Throwable error) {
        if (failed == link) {
            link = null;
            AttemptFailure failure = AttemptFailure.of(error, backoff.step());
            lost(failure.cause(), failure.atLeast());
        }
    }

    @Override
    public void received(Link from, String text) {
        if (from != link) {
            return;
        }
        liveness.received();
        JsonNode frame;
        try {
            frame = frames.parse(text);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "the hub sent a frame that is not JSON; ignored");
            return;
        }
        switch (frame.path("type").asText()) {
            case "message" -> subscriptions.arrived(frame);
            case "subscribed" -> subscriptions.subscribed(frame);
            case "join", "leave" -> subscriptions.presence(frame);
            case "published", "history", "presence" -> answer(frame);
            case "refreshed" -> refresher.refreshed(frame);
            case "error" -> error(frame);
            default -> {
                // welcome, pong, unsubscribed, direct: a sign of life, nothing to do
            }
        }
    }

    private void answer(JsonNode frame) {
        Requests.Pending p = requests.take(frame.path("id").asLong());
        if (p != null) {
            p.answer.complete(frame);
        }
    }

    private void error(JsonNode frame) {
        long id = frame.path("id").asLong(-1);
        HubErrorException error = new HubErrorException(frame.path("code").asText(),
                frame.path("message").asText(), frame.path("retryAfterMs").asLong());
        if (subscriptions.refused(id, error)) {
            return;
        }
        Requests.Pending p = requests.take(id);
        if (p != null) {
            p.answer.completeExceptionally(error);
        } else {
            LOG.log(System.Logger.Level.WARNING, "the hub answered " + error.code() + " to request " + id);
        }
    }

    @Override
    public void alive(Link from) {
        if (from == link) {
            liveness.heard();
        }
    }

    @Override
    public void closed(Link from, int code, String reason) {
        if (from == link) {
            from.abort();
            dropped(from, CloseCause.hub(code, reason));
        }
    }

    @Override
    public void failed(Link from, Throwable error) {
        if (from == link) {
            from.abort();
            dropped(from, CloseCause.transport(error));
        }
    }

    private void dropped(Link from, CloseCause cause) {
        if (from != link) {
            return;
        }
        link = null;
        backoff.disconnected();
        boolean patience = cause.kind() == CloseCause.Kind.HUB_CLOSED && ClosePolicy.asksForPatience(cause.code());
        lost(cause, patience ? backoff.step() : Duration.ZERO);
    }

    private void lost(CloseCause cause, Duration atLeast) {
        liveness.stop();
        refresher.stop();
        subscriptions.suspend();
        requests.takeSent().forEach(p -> p.answer.completeExceptionally(new ClientException(ClientException.Reason
                .CONNECTION_LOST, "connection lost before the answer; the outcome is unknown")));
        if (!cause.reconnects()) {
            closeWith(cause);
            return;
        }
        Optional<Duration> delay = backoff.next(atLeast);
        if (delay.isEmpty()) {
            closeWith(new CloseCause(CloseCause.Kind.GAVE_UP, cause.code(), "gave up after "
                    + backoff.failures() + " failed attempts; last: " + cause.reason(), cause.error()));
            return;
        }
        machine.fire(Transition.LOSE).ifPresent(change -> {
            LOG.log(System.Logger.Level.DEBUG, "disconnected (" + cause.kind() + " " + cause.code()
                    + "), next attempt in " + delay.get().toMillis() + " ms");
            notify(change.with(cause, delay.get()));
            retryTimer = loop.schedule(this::retry, delay.get());
        });
    }

    /** The end: state CLOSED, every request failed, the connection closed, then every thread of the client stops. */
    void closeWith(CloseCause cause) {
        machine.fire(Transition.CLOSE).ifPresent(change -> {
            LOG.log(cause.kind() == CloseCause.Kind.CLOSED_BY_APPLICATION ? System.Logger.Level.DEBUG
                    : System.Logger.Level.INFO, "client closed: " + cause.kind() + " " + cause.code());
            EventLoop.cancel(retryTimer);
            refresher.stop();
            liveness.stop();
            ClientException closed = closedError();
            requests.takeAll().forEach(p -> p.answer.completeExceptionally(closed));
            connectWaiters.forEach(w -> delivery.execute(() -> w.completeExceptionally(closed)));
            connectWaiters.clear();
            notify(change.with(cause, null));
            finish(link);
            link = null;
            http = null;
        });
    }

    private void finish(Link last) {
        CompletableFuture<Void> sent = last == null ? CompletableFuture.completedFuture(null) : last.close(1000);
        ScheduledFuture<?> linger = loop.schedule(() -> sent.complete(null), CLOSE_LINGER);
        sent.whenComplete((done, error) -> {
            if (last != null) {
                last.abort();
            }
            EventLoop.cancel(linger);
            io.shutdown();
            delivery.shutdown();
            loop.shutdown();
        });
    }

    /** @return a stage completed at the next CONNECTED (now if connected), failed if the client closes first */
    void whenConnected(CompletableFuture<Void> waiter) {
        ClientState now = machine.state();
        if (now == ClientState.CONNECTED) {
            delivery.execute(() -> waiter.complete(null));
        } else if (now == ClientState.CLOSED) {
            waiter.completeExceptionally(closedError());
        } else {
            connectWaiters.add(waiter);
        }
    }

    void subscribe(String channel, ChannelListener listener) {
        ObjectNode frame = subscriptions.add(channel, listener, requests.nextId());
        if (frame != null && machine.state() == ClientState.CONNECTED) {
            link.send(frames.text(frame));
        }
    }

    void unsubscribe(String channel) {
        if (subscriptions.remove(channel) && machine.state() == ClientState.CONNECTED) {
            link.send(frames.text(frames.unsubscribe(requests.nextId(), channel)));
        }
    }

    /** Sends or queues a request; fails it at once when the queue is full or the client closed. */
    void request(Requests.Pending p) {
        ClientState now = machine.state();
        if (now == ClientState.CLOSED) {
            p.answer.completeExceptionally(closedError());
            return;
        }
        boolean connected = now == ClientState.CONNECTED;
        if (!connected && !requests.hasRoom()) {
            p.answer.completeExceptionally(new ClientException(ClientException.Reason.QUEUE_FULL,
                    "the offline queue is full (" + settings.queueCapacity() + ")"));
            return;
        }
        requests.add(p, connected);
        p.timeout = loop.schedule(() -> {
            if (requests.take(p.id) != null) {
                p.answer.completeExceptionally(new TimeoutException(
                        "no answer within " + settings.requestTimeout().toMillis() + " ms"));
            }
        }, settings.requestTimeout());
        if (connected) {
            link.send(frames.text(p.frame));
        }
    }

    ClientFrames frames() {
        return frames;
    }

    long nextId() {
        return requests.nextId();
    }

    private static ClientException closedError() {
        return new ClientException(ClientException.Reason.CLOSED, "the client is closed");
    }

    private void notify(StateChange change) {
        for (StateListener l : stateListeners) {
            delivery.execute(() -> l.onStateChange(change));
        }
    }
}
