package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;

import dev.switchboard.channel.ChannelService;
import dev.switchboard.config.LogFormat;
import dev.switchboard.standalone.LogSetupHook;
import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.TestHubs;
import dev.switchboard.testing.WsClient;

/**
 * The hub's log as an operator's log shipper reads it: the production {@code logback.xml} (JSON lines on stdout),
 * captured from {@code System.out}. Logback's console target writes to whatever {@code System.out} is at each write,
 * so stdout stays redirected for the whole class and is restored, with the test logging setup, afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoggingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";
    private static final String REST_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String REST_TRACEPARENT = "00-" + REST_TRACE + "-b7ad6b7169203331-01";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream originalOut;
    /** Where the current test's output starts in {@link #stdout}. */
    private int mark;

    @BeforeAll
    void captureTheProductionLog() {
        originalOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        jsonLogWithDebugDeliveries();
    }

    @AfterAll
    void restore() {
        LogSetupHook.configure("logback-test.xml");
        System.setOut(originalOut);
    }

    @BeforeEach
    void markStart() {
        mark = stdout.size();
    }

    private static void jsonLogWithDebugDeliveries() {
        LogSetupHook.configure("logback.xml");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(ChannelService.class).setLevel(Level.DEBUG);
    }

    @Test
    void openAndCloseAreLoggedOnceEachWithTheWelcomeSessionAndTheCloseCode() throws Exception {
        String polite;
        String dropped;
        try (StandaloneHub hub = TestHubs.start()) {
            try (WsClient a = WsClient.connect(hub.port()); WsClient b = WsClient.connect(hub.port())) {
                polite = a.next("welcome").path("session").asText();
                dropped = b.next("welcome").path("session").asText();
                a.socket().sendClose(1000, "bye").join();
                assertThat(a.awaitClose(TIMEOUT)).isEqualTo(1000);
                await("the close of " + polite + " in the log").atMost(TIMEOUT)
                        .until(() -> !linesOf(polite, "Connection closed").isEmpty());
            }
            // b is still open in the hub's eyes (or just dropped): the hub closes or forgets it either way.
        }
        List<JsonNode> lines = lines();
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.isObject()).isTrue();
            for (String field : List.of("time", "level", "logger", "message")) {
                assertThat(line.path(field).isTextual()).as(field + " in " + line).isTrue();
            }
        });
        for (String session : List.of(polite, dropped)) {
            List<JsonNode> opened = linesOf(session, "Connection opened");
            List<JsonNode> closed = linesOf(session, "Connection closed");
            assertThat(opened).as("open lines of " + session).hasSize(1)
                    .allSatisfy(l -> assertThat(l.path("level").asText()).isEqualTo("INFO"));
            assertThat(closed).as("close lines of " + session).hasSize(1)
                    .allSatisfy(l -> assertThat(l.path("level").asText()).isEqualTo("INFO"));
            assertThat(opened.get(0).path("user").asText()).isEqualTo("anon-" + session);
        }
        assertThat(linesOf(polite, "Connection closed").get(0).path("close_code").asText()).isEqualTo("1000");
        assertThat(linesOf(dropped, "Connection closed").get(0).path("close_code").asText()).isNotEmpty();
        assertThat(linesOf(polite, "Connection opened").get(0).has("close_code")).isFalse();
    }

    @Test
    void aHandshakeTraceparentTagsEveryLineOfItsSession() {
        String session;
        try (StandaloneHub hub = TestHubs.start()) {
            try (WsClient c = WsClient.connect(hub.port(), Map.of("traceparent", TRACEPARENT));
                    WsClient other = WsClient.connect(hub.port())) {
                session = c.next("welcome").path("session").asText();
                String untraced = other.next("welcome").path("session").asText();
                c.send(Frames.subscribe("t").id(1));
                c.next("subscribed");
                c.socket().sendClose(1000, "bye").join();
                c.awaitClose(TIMEOUT);
                await("the close of " + session + " in the log").atMost(TIMEOUT)
                        .until(() -> !linesOf(session, "Connection closed").isEmpty());
                assertThat(linesOf(untraced, "")).isNotEmpty().noneMatch(l -> l.has("trace_id"));
            }
        }
        List<JsonNode> ofSession = linesOf(session, "");
        assertThat(ofSession).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(l -> assertThat(l.path("trace_id").asText()).as(l.toString()).isEqualTo(TRACE));
    }

    @Test
    void aRestPublishTraceparentReachesTheSubscribersDeliveryLines() throws Exception {
        try (StandaloneHub hub = TestHubs.start();
                WsClient a = WsClient.connect(hub.port());
                WsClient b = WsClient.connect(hub.port())) {
            JsonNode welcomeA = a.next("welcome");
            JsonNode welcomeB = b.next("welcome");
            Map<String, String> users = Map.of(welcomeA.path("session").asText(), welcomeA.path("user").asText(),
                    welcomeB.path("session").asText(), welcomeB.path("user").asText());
            for (WsClient c : List.of(a, b)) {
                c.send(Frames.subscribe("news").id(1));
                c.next("subscribed");
            }
            HttpResponse<String> r = post(hub, "news", Frames.object("n", 1).toString(), null, REST_TRACEPARENT);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            a.next("message");
            b.next("message");

            List<JsonNode> delivered = deliveredLines(REST_TRACE);
            assertThat(delivered).extracting(l -> l.path("session").asText())
                    .containsExactlyInAnyOrderElementsOf(users.keySet());
            assertThat(delivered).allSatisfy(l -> {
                assertThat(l.path("level").asText()).isEqualTo("DEBUG");
                assertThat(l.path("channel").asText()).isEqualTo("news");
                assertThat(l.path("message").asText()).isEqualTo("Delivered offset 1");
                assertThat(l.path("user").asText()).as(l.toString()).isEqualTo(users.get(l.path("session").asText()));
            });
        }
    }

    @Test
    void aWebSocketPublishCarriesThePublishersTraceToDeliveriesAndKeepsItsOwnContext() {
        try (StandaloneHub hub = TestHubs.start();
                WsClient publisher = WsClient.connect(hub.port(), Map.of("traceparent", TRACEPARENT));
                WsClient subscriber = WsClient.connect(hub.port())) {
            String publisherSession = publisher.next("welcome").path("session").asText();
            JsonNode welcome = subscriber.next("welcome");
            String session = welcome.path("session").asText();
            subscriber.send(Frames.subscribe("chat:x").id(1));
            subscriber.next("subscribed");
            publisher.send(Frames.publish("chat:x", 1).id(1));
            publisher.next("published");
            subscriber.next("message");

            List<JsonNode> delivered = deliveredLines(TRACE);
            assertThat(delivered).singleElement().satisfies(l -> {
                assertThat(l.path("session").asText()).isEqualTo(session);
                assertThat(l.path("channel").asText()).isEqualTo("chat:x");
                assertThat(l.path("user").asText()).as("the subscriber's user, not the publisher's: " + l)
                        .isEqualTo(welcome.path("user").asText());
            });
            assertThat(linesOf(publisherSession, "")).isNotEmpty().allSatisfy(l -> assertThat(l.path("trace_id")
                    .asText()).isEqualTo(TRACE));
        }
    }

    @Test
    void tokensApiKeysAndBodiesNeverAppearAtInfo() throws Exception {
        String key = "s3cr3t-key";
        String restBody = "zebra-quokka-rest-7731";
        String wsBody = "zebra-quokka-ws-4412";
        try (StandaloneHub hub = TestHubs.start("api.key", key)) {
            try (WsClient c = WsClient.connect(hub.port())) {
                c.next("welcome");
                c.send(Frames.subscribe("chat:s").id(1));
                c.next("subscribed");
                c.send(Frames.publish("chat:s", Frames.object("t", wsBody)).id(2));
                // The reply and the delivery to ourselves may come in either order.
                List<String> replies = List.of(c.next().toString(), c.next().toString());
                assertThat(replies).anySatisfy(f -> assertThat(f).contains("\"published\""))
                        .anySatisfy(f -> assertThat(f).contains(wsBody));
                HttpResponse<String> ok = post(hub, "chat:s", Frames.object("t", restBody).toString(), "Bearer " + key,
                        null);
                assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
                HttpResponse<String> refused = post(hub, "chat:s", Frames.object("t", restBody).toString(),
                        "Bearer nope", null);
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(c.next("message").toString()).contains(restBody);
                c.send(Frames.publish("bad channel!", wsBody).id(3));
                c.next("error");
            }
        }
        List<JsonNode> info = lines().stream()
                .filter(l -> Set.of("INFO", "WARN", "ERROR").contains(l.path("level").asText())).toList();
        assertThat(info).isNotEmpty().allSatisfy(l -> assertThat(l.toString()).as("an INFO+ line")
                .doesNotContain(key).doesNotContain(restBody).doesNotContain(wsBody));
    }

    @Test
    void logFormatTextWritesPlainLines() {
        try {
            LogSetupHook.apply(LogFormat.TEXT);
            mark = stdout.size();
            try (StandaloneHub hub = TestHubs.start(); WsClient c = WsClient.connect(hub.port())) {
                c.next("welcome");
            }
            List<String> raw = rawLines();
            assertThat(raw).isNotEmpty().anySatisfy(l -> assertThat(l).contains("Connection opened"));
            assertThat(raw).allSatisfy(l -> assertThat(l).doesNotStartWith("{"));
        } finally {
            jsonLogWithDebugDeliveries();
        }
    }

    private List<JsonNode> deliveredLines(String trace) {
        List<JsonNode> found = new ArrayList<>();
        await("'Delivered' lines with trace " + trace).atMost(TIMEOUT).until(() -> {
            found.clear();
            lines().stream()
                    .filter(l -> l.path("logger").asText().equals(ChannelService.class.getName()))
                    .filter(l -> l.path("message").asText().startsWith("Delivered"))
                    .filter(l -> trace.equals(l.path("trace_id").asText()))
                    .forEach(found::add);
            return !found.isEmpty();
        });
        return found;
    }

    /** @return this session's lines whose message starts with {@code prefix} */
    private List<JsonNode> linesOf(String session, String prefix) {
        return lines().stream()
                .filter(l -> session.equals(l.path("session").asText()))
                .filter(l -> l.path("message").asText().startsWith(prefix))
                .toList();
    }

    /** @return the complete lines this test produced, each parsed as JSON; fails on a line that is not */
    private List<JsonNode> lines() {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : rawLines()) {
            try {
                parsed.add(json.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return parsed;
    }

    private List<String> rawLines() {
        LogSetupHook.flush(() -> stdout.toString(StandardCharsets.UTF_8));
        String text;
        synchronized (stdout) {
            byte[] all = stdout.toByteArray();
            text = new String(all, mark, all.length - mark, StandardCharsets.UTF_8);
        }
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        return text.substring(0, end).lines().filter(l -> !l.isBlank()).toList();
    }

    private HttpResponse<String> post(StandaloneHub hub, String channel, String body, String authorization,
            String traceparent) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hub.port() + "/api/v1/channels/" + channel + "/messages"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (traceparent != null) {
            b.header("traceparent", traceparent);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
