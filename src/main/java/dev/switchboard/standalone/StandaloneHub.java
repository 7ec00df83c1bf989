package dev.switchboard.standalone;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import jakarta.websocket.DeploymentException;

import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.switchboard.admission.Authentication;
import dev.switchboard.admission.Revocations;
import dev.switchboard.channel.Broker;
import dev.switchboard.channel.ChannelService;
import dev.switchboard.channel.Hub;
import dev.switchboard.config.HubConfig;
import dev.switchboard.heartbeat.HeartbeatScheduler;
import dev.switchboard.http.ApiAccessFilter;
import dev.switchboard.http.ApiRateLimitFilter;
import dev.switchboard.http.ChannelsResource;
import dev.switchboard.http.ChatResource;
import dev.switchboard.http.DashboardResource;
import dev.switchboard.http.HealthResource;
import dev.switchboard.http.HttpBodies;
import dev.switchboard.http.MetricsResource;
import dev.switchboard.http.RevocationsResource;
import dev.switchboard.http.UsersResource;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.standalone.bridge.BlankErrorPages;
import dev.switchboard.standalone.bridge.BoundAppEndpoint;
import dev.switchboard.standalone.bridge.BoundHubEndpoint;
import dev.switchboard.standalone.bridge.EmbeddedServerContainer;
import dev.switchboard.standalone.bridge.HandshakeDeadlines;
import dev.switchboard.standalone.bridge.HandshakeHygieneAddOn;
import dev.switchboard.standalone.bridge.PendingUpgrades;
import dev.switchboard.standalone.bridge.TyrusBridgeAddOn;
import dev.switchboard.standalone.bridge.TyrusBridgeFilter;
import dev.switchboard.support.MonotonicClock;
import dev.switchboard.support.NamedThreadFactory;
import dev.switchboard.support.Shutdowns;

/**
 * The standalone composition root: Weld SE for the beans, one Grizzly port for the WebSocket endpoint (Tyrus's
 * engine) and the HTTP API (Jersey). Nothing depends on it. {@link #close()} shuts down in order, every wait
 * bounded. See docs/design-notes.md, "Standalone start-up and shutdown".
 */
public final class StandaloneHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneHub.class);
    /** How long a closing connection may linger before its TCP connection is torn down. */
    static final Duration CLOSE_LINGER = Duration.ofSeconds(2);
    /** Idle timeout of plain HTTP keep-alive connections; upgraded WebSocket connections are exempt. */
    static final Duration HTTP_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final HubConfig config;
    private final WeldContainer weld;
    private final HttpServer server;
    private final EmbeddedServerContainer websockets;
    private final ScheduledExecutorService reaper;
    private final int port;
    private boolean closed;

    private StandaloneHub(HubConfig config, WeldContainer weld, HttpServer server, EmbeddedServerContainer websockets,
            ScheduledExecutorService reaper) {
        this.config = config;
        this.weld = weld;
        this.server = server;
        this.websockets = websockets;
        this.reaper = reaper;
        this.port = server.getListener("grizzly").getPort();
    }

    /**
     * Starts a hub. Port {@code -1} picks a free port; read it back with {@link #port()}.
     *
     * @throws IOException if the port cannot be bound
     */
    public static StandaloneHub start(HubConfig config) throws IOException {
        return start(config, HTTP_IDLE_TIMEOUT, EmbeddedApp.NONE);
    }

    /**
     * Starts a hub with an embedding application's own endpoints, JAX-RS resources and beans on the same port and in
     * the same CDI container as the hub's (see {@link EmbeddedApp}). Their connections, when opened through
     * {@code Endpoints}, get the hub's registry, outbox, heartbeat, limits and shutdown drain.
     *
     * @throws IOException if the port cannot be bound or an extra endpoint is invalid
     */
    public static StandaloneHub start(HubConfig config, EmbeddedApp extras) throws IOException {
        return start(config, HTTP_IDLE_TIMEOUT, extras);
    }

    /**
     * As {@link #start(HubConfig)}, with Grizzly's idle timeout for plain HTTP connections (tests shorten it) and
     * extra bean classes (tests add fault-injecting alternatives).
     */
    static StandaloneHub start(HubConfig config, Duration httpIdleTimeout, Class<?>... extraBeans) throws IOException {
        EmbeddedApp extras = EmbeddedApp.NONE;
        for (Class<?> bean : extraBeans) {
            extras = extras.bean(bean);
        }
        return start(config, httpIdleTimeout, extras);
    }

    private static StandaloneHub start(HubConfig config, Duration httpIdleTimeout, EmbeddedApp extras) throws IOException {
        // Before anything starts: a store that cannot be read stops start-up naming its key.
        Optional<SSLEngineConfigurator> tls = TlsListener.engine(config);
        if (!SLF4JBridgeHandler.isInstalled()) {
            // Grizzly, Tyrus, Jersey and Weld log through java.util.logging: route them to SLF4J like ours.
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        WeldContainer weld = new Weld("switchboard-" + UUID.randomUUID())
                .addBeanClasses(extras.allBeanClasses())
                .addExtension(new ProvidedConfig(config))
                // The hub owns the shutdown order (drain first, then the beans): no Weld hook racing ours.
                .skipShutdownHook()
                .initialize();
        ScheduledThreadPoolExecutor reaper = new ScheduledThreadPoolExecutor(1,
                new NamedThreadFactory("switchboard-reaper", true));
        // Terminations are cancelled when connections close by themselves, and dropped at shutdown, when the
        // server closes every connection anyway: neither may hold memory or delay close().
        reaper.setRemoveOnCancelPolicy(true);
        reaper.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        try {
            weld.select(Authentication.class).get().announce();
            int incomingBufferSize = Math.max(4 * 1024 * 1024, config.limits().maxMessageBytes() + 64);
            EmbeddedServerContainer websockets = new EmbeddedServerContainer(incomingBufferSize);
            // Bound to this hub's container, not CDI.current(): several hubs may run in one JVM.
            PendingUpgrades bridges = new PendingUpgrades();
            websockets.register(BoundHubEndpoint.config(weld, bridges));
            for (Class<?> endpoint : extras.endpoints()) {
                websockets.register(BoundAppEndpoint.config(weld, bridges, endpoint, incomingBufferSize));
            }
            JsonCodec codec = weld.select(JsonCodec.class).get();
            HttpBodies bodies = weld.select(HttpBodies.class).get();
            ResourceConfig resources = new ResourceConfig()
                    // Built from CDI beans here; inside an application server the container creates them.
                    .register(new ChannelsResource(weld.select(ChannelService.class).get(), config, codec, bodies))
                    .register(new HealthResource(weld.select(ConnectionRegistry.class).get(), bodies,
                            weld.select(Broker.class).get()))
                    .register(new ApiAccessFilter(config, bodies, weld.select(Authentication.class).get()))
                    .register(new ApiRateLimitFilter(config, bodies, weld.select(HubMetrics.class).get()),
                            ApiRateLimitFilter.PRIORITY)
                    .register(new MetricsResource(weld.select(PrometheusMeterRegistry.class).get()))
                    .register(new DashboardResource())
                    .register(new ChatResource(config))
                    .register(new RevocationsResource(weld.select(Revocations.class).get(), bodies))
                    .register(new UsersResource(weld.select(Hub.class).get(), config, bodies))
                    .register(RemoteAddressFilter.class)
                    .property(ServerProperties.WADL_FEATURE_DISABLE, true);
            for (Class<?> resource : extras.resources()) {
                resources.register(BoundAppEndpoint.unproxied(weld.select(resource).get()));
            }
            int bindPort = Math.max(0, config.server().port());
            HttpServer server = GrizzlyHttpServerFactory.createHttpServer(
                    URI.create("http://" + hostForUri(config.server().host()) + ":" + bindPort + "/"), resources,
                    false);
            NetworkListener listener = server.getListener("grizzly");
            tls.ifPresent(engine -> TlsListener.secure(listener, engine));
            listener.getKeepAlive().setIdleTimeoutInSeconds((int) Math.max(1, httpIdleTimeout.toSeconds()));
            if (config.server().ioThreads() > 0) {
                // Grizzly sizes its kernel pool (the selector threads) to this when it starts the transport.
                listener.getTransport().setSelectorRunnersCount(config.server().ioThreads());
            }
            // Grizzly's own error pages name it and its version, and print stack traces.
            listener.setDefaultErrorPageGenerator(new BlankErrorPages());
            listener.setMaxHttpHeaderSize(config.handshake().maxHeaderBytes());
            HubMetrics metrics = weld.select(HubMetrics.class).get();
            HandshakeDeadlines deadlines = new HandshakeDeadlines(config.handshake().timeout(),
                    MonotonicClock.SYSTEM, () -> metrics.handshakeRefused("timeout"));
            listener.registerAddOn(new HandshakeHygieneAddOn(config.handshake().maxHeaderBytes(), deadlines,
                    () -> metrics.handshakeRefused("header")));
            listener.registerAddOn(new TyrusBridgeAddOn(kept -> new TyrusBridgeFilter(
                    websockets.getWebSocketEngine(), bridges, config.limits().maxMessageBytes(),
                    config.compression().enabled(), reaper, CLOSE_LINGER, kept)));
            server.start();
            deadlines.start(reaper);
            weld.select(HeartbeatScheduler.class).get().start();
            return new StandaloneHub(config, weld, server, websockets, reaper);
        } catch (IOException | DeploymentException | RuntimeException e) {
            reaper.shutdownNow();
            weld.shutdown();
            throw e instanceof IOException io ? io : new IOException("Hub failed to start: " + e.getMessage(), e);
        }
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** @return the bound TCP port */
    public int port() {
        return port;
    }

    /** @return the URLs of this hub's WebSocket endpoint, API, health check, metrics and dashboard */
    public HubUrls urls() {
        return HubUrls.of(config.server().host(), port, config.tls().enabled());
    }

    /** @return the configuration the hub runs with */
    public HubConfig config() {
        return config;
    }

    /** @return a bean of the running hub (for embedding and tests) */
    public <T> T bean(Class<T> type) {
        return weld.select(type).get();
    }

    /** Graceful shutdown; idempotent. Returns once every thread the hub owns has stopped (bounded waits). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        int left = 0;
        try {
            left = weld.select(ConnectionRegistry.class).get().drainAll(CloseCodes.GOING_AWAY,
                    config.shutdown().grace());
        } catch (RuntimeException e) {
            LOG.error("Draining connections failed", e);
        }
        if (left > 0) {
            LOG.warn("{} connections had not drained within {}; closing them", left, config.shutdown().grace());
        }
        server.shutdownNow();
        websockets.stop();
        Shutdowns.stop(reaper, Duration.ofSeconds(2), "switchboard-reaper");
        weld.shutdown();
    }
}
