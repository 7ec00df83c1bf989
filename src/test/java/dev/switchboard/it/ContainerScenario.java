package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.OffsetReader;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.RawWsClient;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.ServerProcess;
import dev.switchboard.testing.WsClient;

/**
 * The core scenario against target/switchboard.war deployed in an application server, as a client sees it: welcome,
 * subscribe, REST publish received, pings, oversize messages, metrics, a refused origin, and the server's shutdown.
 * The same server also runs the README's example app (target/example.war, {@link ExampleWarScenario}) and its
 * secured variant, the hub with {@code auth.mode=jwt} ({@link JwtHubWar}) and the permission tests
 * ({@link ContainerSecurityScenario}), the hub with {@code engine=redis} on its own {@code redis-server}
 * ({@link ContainerRedisScenario}), a fan-out burst ({@link ContainerFanOutScenario}) and the RFC 6455
 * conformance cases ({@link ConformanceScenario}). One
 * server per test class (subclasses say how to start it), always stopped in {@link #stopServer()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ContainerScenario implements ExampleWarScenario, ContainerSecurityScenario, ConformanceScenario,
        ContainerRedisScenario, ContainerFanOutScenario {

    /** The hub's heartbeat in these deployments (passed as {@code -Dswitchboard.heartbeat.seconds}). */
    static final int HEARTBEAT_SECONDS = 2;
    /** The hub's history in these deployments (passed as {@code -Dswitchboard.history.size}). */
    static final int HISTORY_SIZE = 5_000;
    /**
     * Rate limits raised in these deployments: the scenario pipelines 500 publishes at a time on one connection
     * and opens many connections from loopback within seconds (docs/security.md, "Rate limits").
     */
    static final List<String> RAISED_RATE_LIMITS = List.of("-Dswitchboard.rate.messages.per.second=100000",
            "-Dswitchboard.rate.messages.burst=100000", "-Dswitchboard.rate.bytes.per.second=100000000",
            "-Dswitchboard.rate.handshakes.per.second=10000", "-Dswitchboard.rate.handshakes.burst=10000");
    /** Messages a client misses and then recovers: three times the default outbox's frame limit. */
    private static final int MISSED = 3_000;
    static final String CONTEXT = "/switchboard";
    private static final int LIMIT = 65_536;
    private static final int HUGE = 50 * 1024 * 1024;
    private static final int FRAGMENT = 16 * 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);
    /** Connections that send right after the handshake, in each early-message test. */
    static final int EARLY_TRIES = 50;
    private static final int TOO_BIG = CloseCodes.MESSAGE_TOO_BIG.code();
    /** How long the other WARs may take to deploy once the hub's answers ready. */
    private static final Duration DEPLOY_BOUND = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newHttpClient();
    private ServerProcess server;
    private RedisServer redis;
    private int port;

    /** Starts the server on {@code port} with these WARs deployed; returns once the process is started. */
    abstract ServerProcess startServer(int port, List<Path> wars);

    /** @return the HTTP port to start the server on */
    int choosePort() {
        return ServerProcess.freePort();
    }

    /** How long the server may take from start to a ready {@code /health/ready}. */
    Duration startupBound() {
        return Duration.ofMinutes(3);
    }

    /**
     * Whether the server closes an oversize message before the client has written all of it: a single 50 MB frame,
     * or 50 MB in fragments. True where the hub's frame guard sees the raw frames (Payara); false for a server that
     * reads the rest of the message off the socket (and the hub drops it) before the connection ends.
     */
    boolean closesBeforeTheWholeFrameIsSent() {
        return true;
    }

    /**
     * @return the start of the line the hub logs at its first session in this server, saying how it sends: raw
     *         frames through Tyrus (Payara), or batches through the API (WildFly)
     */
    abstract String sendModeLine();

    @BeforeAll
    void startServerOnce() {
        port = choosePort();
        long start = System.nanoTime();
        redis = RedisServer.launch();
        // The hub's WAR, the README's example app, its secured variant, the hub in auth.mode=jwt and the hub with
        // engine=redis: one start.
        List<Path> wars = List.of(ServerProcess.requiredFile("switchboard.it.war"), ExampleWar.build(),
                ExampleWar.buildSecure(), JwtHubWar.build(), RedisHubWar.build(redis.uri()));
        server = startServer(port, wars);
        server.awaitReady(http("/health/ready"), startupBound());
        awaitDeployed(wars, DEPLOY_BOUND);
        System.out.printf("%s: started and deployed in %d ms%n", getClass().getSimpleName(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /**
     * Waits until every WAR is deployed, after the hub's answered ready: by default until the example's resource
     * and its secured variant answer (405 to a GET of their POST-only path, 404 before) and the JWT hub is ready.
     */
    void awaitDeployed(List<Path> wars, Duration atMost) {
        for (String app : List.of(EXAMPLE, SECURE)) {
            URI announce = URI.create("http://127.0.0.1:" + port + app + "/announce");
            await("the example app deployed at " + announce).atMost(atMost).pollInterval(Duration.ofMillis(250))
                    .until(() -> ServerProcess.status(announce) == 405);
        }
        for (String hub : List.of(JWT_HUB, REDIS_HUB)) {
            URI ready = URI.create("http://127.0.0.1:" + port + hub + "/health/ready");
            await("the hub deployed at " + ready).atMost(atMost).pollInterval(Duration.ofMillis(250))
                    .until(() -> ServerProcess.status(ready) == 200);
        }
    }

    @Override
    public ServerProcess server() {
        return server;
    }

    @Override
    public RedisServer redis() {
        return redis;
    }

    @Override
    public int port() {
        return port;
    }

    @AfterAll
    void stopServer() {
        try {
            if (server != null) {
                server.stop(Duration.ofSeconds(60));
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + CONTEXT + path);
    }

    private WsClient connect() {
        return WsClient.connect(URI.create("ws://127.0.0.1:" + port + CONTEXT + "/ws"));
    }

    @Test
    @Order(1)
    void welcomesSubscribesAndDeliversARestPublish() throws Exception {
        try (WsClient c = connect()) {
            JsonNode welcome = c.next("welcome");
            assertThat(welcome.path("maxMessageBytes").asInt()).isEqualTo(LIMIT);
            assertThat(welcome.path("heartbeatSeconds").asInt()).isEqualTo(HEARTBEAT_SECONDS);
            c.send(Frames.subscribe("it:news").id(1));
            assertThat(c.next("subscribed").path("channel").asText()).isEqualTo("it:news");

            HttpResponse<String> published = http.send(HttpRequest.newBuilder(http("/api/v1/channels/it:news/messages"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"headline\":\"from REST\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(published.statusCode()).as(published.body()).isEqualTo(201);

            JsonNode message = c.next("message");
            assertThat(message.path("channel").asText()).isEqualTo("it:news");
            assertThat(message.path("data").path("headline").asText()).isEqualTo("from REST");
        }
    }

    @Test
    @Order(2)
    void answersApplicationPingsAndSendsWebSocketPings() {
        try (WsClient c = connect()) {
            c.next("welcome");
            c.send(Frames.ping().id(7));
            assertThat(c.next("pong").path("id").asInt()).isEqualTo(7);
            await("a heartbeat ping from the server").atMost(Duration.ofSeconds(HEARTBEAT_SECONDS * 5L))
                    .until(() -> c.pingsReceived() > 0);
            assertThat(c.isClosed()).isFalse();
        }
    }

    @Test
    @Order(3)
    void aMessageOneByteOverTheLimitIsClosedWith1009() {
        try (WsClient c = connect()) {
            c.next("welcome");
            c.socket().sendText("x".repeat(LIMIT + 1), true).exceptionally(e -> null);
            assertThat(c.awaitClose(CLOSE_WAIT)).isEqualTo(TOO_BIG);
        }
        assertStillServes();
    }

    @Test
    @Order(4)
    void fiftyMegabytesIn16KiBFragmentsIsClosedWith1009() throws Exception {
        try (WsClient c = connect()) {
            c.next("welcome");
            String part = "y".repeat(FRAGMENT);
            int sent = 0;
            for (; sent < HUGE && !c.isClosed(); sent += FRAGMENT) {
                try {
                    c.socket().sendText(part, sent + FRAGMENT >= HUGE).get(CLOSE_WAIT.toMillis(),
                            TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    break; // the server has closed the connection
                } catch (TimeoutException e) {
                    throw new AssertionError("a fragment send hung after " + sent + " bytes", e);
                }
            }
            System.out.printf("%s: 50 MB in fragments closed after %d bytes had been sent%n",
                    getClass().getSimpleName(), sent);
            assertThat(c.awaitClose(CLOSE_WAIT)).isEqualTo(TOO_BIG);
            if (closesBeforeTheWholeFrameIsSent()) {
                assertThat(sent).as("bytes of the message sent before the server closed").isLessThan(HUGE);
            }
        }
        assertStillServes();
    }

    @Test
    @Order(5)
    void aFiftyMegabyteFrameIsClosedBeforeItIsReceived() {
        try (RawWsClient c = RawWsClient.connect(port, CONTEXT + "/ws", 0)) {
            assertThat(c.read(CLOSE_WAIT)).hasValueSatisfying(f -> assertThat(f.text()).contains("welcome"));
            long written = c.sendFrameStart(HUGE, HUGE);
            System.out.printf("%s: the server closed a 50 MB frame after %d bytes of it%n",
                    getClass().getSimpleName(), written);
            assertThat(c.readUntilClose(CLOSE_WAIT)).as("a close frame, not a dropped connection")
                    .hasValueSatisfying(f -> assertThat(f.closeCode()).isEqualTo(TOO_BIG));
            if (closesBeforeTheWholeFrameIsSent()) {
                assertThat(written).as("bytes of the frame the server took before closing").isLessThan(HUGE);
            }
        }
        assertStillServes();
    }

    @Test
    @Order(6)
    void servesPrometheusMetrics() throws Exception {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(http("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body()).contains("switchboard_connections_opened_total")
                .contains("switchboard_messages_received_total");
    }

    @Test
    @Order(7)
    void refusesABadOriginWith403BeforeUpgrading() {
        try (RawHandshake refused = RawHandshake.open(port, CONTEXT + "/ws", "http://evil.example",
                "127.0.0.1:" + port)) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Content-Length")).isEqualTo("0");
            assertThat(refused.header("Upgrade")).isNull();
        }
        assertStillServes();
    }

    @Test
    @Order(8)
    void requestsSentRightAfterTheHandshakeAreAnswered() {
        // A browser may send in onopen, before the hub's welcome. 50 tries: a server that reads before the endpoint
        // is ready would drop some of them (Undertow did, for handlers added in @OnOpen).
        for (int i = 1; i <= EARLY_TRIES; i++) {
            try (RawWsClient c = RawWsClient.connect(port, CONTEXT + "/ws", 0)) {
                c.sendText(Frames.ping().id(i));
                assertThat(nextText(c)).as("try %d: the welcome first", i).contains("\"type\":\"welcome\"");
                assertThat(nextText(c)).as("try %d: then the pong", i).contains("\"type\":\"pong\"")
                        .contains("\"id\":" + i + "}");
            }
        }
    }

    /** @return the next text frame, past pings; fails if the connection ends first */
    static String nextText(RawWsClient c) {
        RawWsClient.Frame frame;
        do {
            frame = c.read(CLOSE_WAIT).orElseThrow(() -> new AssertionError("the connection ended"));
            assertThat(frame.opcode()).as("not a close frame").isNotEqualTo(RawWsClient.CLOSE);
        } while (frame.opcode() != RawWsClient.TEXT);
        return frame.text();
    }

    @Test
    @Order(100)
    void stoppingTheServerClosesSessionsWith1001AndExits() {
        WsClient c = connect();
        c.next("welcome");
        Duration exited = server.stop(Duration.ofSeconds(60));
        assertThat(exited).as("the server exits by itself after SIGTERM").isNotNull();
        System.out.printf("%s: exited %d ms after SIGTERM%n", getClass().getSimpleName(), exited.toMillis());
        assertThat(server.isAlive()).isFalse();
        assertThat(c.awaitClose(CLOSE_WAIT)).isEqualTo(CloseCodes.GOING_AWAY.code());
        c.close();
    }

    @Test
    @Order(9)
    void aClientRecoversThreeThousandMissedMessagesWithoutBeingCut() throws Exception {
        String epoch;
        try (WsClient publisher = connect()) {
            publisher.next("welcome");
            // In windows of 500 acknowledged publishes: a client that pipelines more requests than its outbox holds
            // replies for is itself a slow consumer where the server's sends are slower than its reads (WildFly).
            for (int sent = 0; sent < MISSED; sent += 500) {
                for (int n = sent + 1; n <= sent + 500; n++) {
                    publisher.send(Frames.publish("it:backlog", Frames.object("n", n, "pad", "x".repeat(150))));
                }
                for (int n = 0; n < 500; n++) {
                    publisher.next("published");
                }
            }
            publisher.send(Frames.history("it:backlog").id("epoch").limit(1));
            epoch = publisher.next("history").path("epoch").asText();
        }
        try (OffsetReader reader = OffsetReader.reading(http, URI.create("ws://127.0.0.1:" + port + CONTEXT + "/ws"),
                "it:backlog", 0)) {
            reader.send(Frames.subscribe("it:backlog").id(1).since(0, epoch));
            await("all missed messages, in order").atMost(Duration.ofSeconds(60)).until(() ->
                    reader.lastOffset() == MISSED || reader.disorder() > 0 || reader.closeCode().isDone());
            assertThat(reader.disorder()).as("no gap, no duplicate").isZero();
            assertThat(reader.closeCode()).as("never cut as a slow consumer").isNotDone();
            assertThat(reader.others()).anyMatch(f -> f.contains("\"type\":\"subscribed\"")
                    && f.contains("\"recovered\":true"));
        }
    }

    @Test
    @Order(10)
    void servesTheChatPageAndTheBrowserClientUnderTheContextRoot() throws Exception {
        Map<String, String> types = Map.of("/", "text/html", "/switchboard.js", "text/javascript",
                "/switchboard.d.ts", "application/typescript", "/chat.js", "text/javascript",
                "/chat.css", "text/css");
        for (Map.Entry<String, String> e : types.entrySet()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(http(e.getKey())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(CONTEXT + e.getKey()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(CONTEXT + e.getKey())
                    .hasValueSatisfying(type -> assertThat(type).startsWith(e.getValue()));
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(CONTEXT + e.getKey())
                    .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
        }
        // The page finds its script, the client and the WebSocket relative to itself: /switchboard/ws here.
        String page = http.send(HttpRequest.newBuilder(http("/")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(page).contains("src=\"chat.js\"", "<meta name=\"switchboard-auth\" content=\"none\">");
        // Without the slash the relative URLs would miss the context root: the address gains its slash.
        HttpResponse<String> bare = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CONTEXT)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(200);
        assertThat(bare.uri().getPath()).isEqualTo(CONTEXT + "/");
        // The dashboard's files come from the same place in the WAR.
        assertThat(http.send(HttpRequest.newBuilder(http("/dashboard")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(12)
    void theHubSaysHowItSendsInThisServer() {
        await("the hub's send mode in " + server.log()).atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(server.log()).contains(sendModeLine()));
    }

    private void assertStillServes() {
        try (WsClient fresh = connect()) {
            fresh.next("welcome");
            fresh.send(Frames.ping().id(1));
            assertThat(fresh.next("pong").path("id").asInt()).isEqualTo(1);
        }
    }

}
