package dev.switchboard.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLContext;

/** Builds a {@link SwitchboardClient}; every setting has a default. Not thread-safe; build once. */
public final class ClientBuilder {

    /** Default bound of one connection attempt. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default bound of a publish, history or presence request. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Default silence before an application-level ping (the hub pings every 25 s by default). */
    public static final Duration PING_AFTER = Duration.ofSeconds(15);
    /** Default wait for anything after that ping before the hub counts as dead. */
    public static final Duration PONG_TIMEOUT = Duration.ofSeconds(10);
    /** Default lead of a token refresh before the token's {@code exp}. */
    public static final Duration REFRESH_BEFORE = Duration.ofSeconds(60);
    /** Default number of requests that may wait for a connection. */
    public static final int QUEUE_CAPACITY = 1_000;

    private final URI uri;
    private TokenSupplier tokens = () -> null;
    private BackoffPolicy backoff = BackoffPolicy.DEFAULT;
    private Duration connectTimeout = CONNECT_TIMEOUT;
    private Duration requestTimeout = REQUEST_TIMEOUT;
    private Duration pingAfter = PING_AFTER;
    private Duration pongTimeout = PONG_TIMEOUT;
    private Duration refreshBefore = REFRESH_BEFORE;
    private int queueCapacity = QUEUE_CAPACITY;
    private Executor executor;
    private SSLContext tls;
    private final List<StateListener> listeners = new ArrayList<>();

    ClientBuilder(URI uri) {
        this.uri = Objects.requireNonNull(uri, "uri");
        if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("a ws:// or wss:// URL is needed");
        }
    }

    /** The bearer token, asked for before every attempt and refresh (default: none). */
    public ClientBuilder token(TokenSupplier supplier) {
        this.tokens = Objects.requireNonNull(supplier, "supplier");
        return this;
    }

    /** Adds a listener of state changes. */
    public ClientBuilder onStateChange(StateListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Runs callbacks on {@code callbacks} (one at a time, in order) instead of the client's own thread. */
    public ClientBuilder executor(Executor callbacks) {
        this.executor = Objects.requireNonNull(callbacks, "callbacks");
        return this;
    }

    /** Delays between attempts (default {@link BackoffPolicy#DEFAULT}). */
    public ClientBuilder backoff(BackoffPolicy policy) {
        this.backoff = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Gives up (CLOSED, {@link CloseCause.Kind#GAVE_UP}) after this many failed attempts in a row; 0: never. */
    public ClientBuilder maxAttempts(int attempts) {
        this.backoff = backoff.withMaxAttempts(attempts);
        return this;
    }

    /** Bound of one attempt: TCP connect and handshake (default 10 s). */
    public ClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout);
        return this;
    }

    /** Bound of a publish, history or presence request from the call, queue time included (default 10 s). */
    public ClientBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = positive(timeout);
        return this;
    }

    /** Dead-hub detection: ping after {@code after} of silence, give up {@code timeout} later (15 s, 10 s). */
    public ClientBuilder heartbeat(Duration after, Duration timeout) {
        this.pingAfter = positive(after);
        this.pongTimeout = positive(timeout);
        return this;
    }

    /** How long before the token's {@code exp} a {@code refresh} is sent (default 60 s). */
    public ClientBuilder refreshBefore(Duration lead) {
        this.refreshBefore = positive(lead);
        return this;
    }

    /** How many publish/history/presence requests may wait for a connection (default 1,000). */
    public ClientBuilder queueCapacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0");
        }
        this.queueCapacity = capacity;
        return this;
    }

    /** The TLS context for {@code wss://} (e.g. trusting a private CA); default: the JDK's. */
    public ClientBuilder sslContext(SSLContext context) {
        this.tls = Objects.requireNonNull(context, "context");
        return this;
    }

    /** @return a client in state IDLE: call {@link SwitchboardClient#connect()} */
    public SwitchboardClient build() {
        return new SwitchboardClient(new ClientSettings(uri, tokens, backoff, connectTimeout, requestTimeout,
                pingAfter, pongTimeout, refreshBefore, queueCapacity, tls), listeners, executor);
    }

    private static Duration positive(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("a positive duration is needed");
        }
        return d;
    }
}
