package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;

import dev.switchboard.standalone.LogSetupHook;
import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.TestHubs;
import dev.switchboard.testing.Tokens;
import dev.switchboard.testing.WsClient;

/**
 * Tokens never reach the log, at any level: the production log (JSON on stdout) with every logger, the hub's and
 * Grizzly's and Tyrus's (through java.util.logging), at TRACE, captured while handshakes are refused and accepted
 * with tokens in the header and in the query string, and while a connection refreshes its token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthLoggingIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    /** Held so that the JUL level set here is not garbage-collected with its logger. */
    private final java.util.logging.Logger glassfish = java.util.logging.Logger.getLogger("org.glassfish");
    private PrintStream originalOut;
    private java.util.logging.Level originalJul;

    @BeforeAll
    void captureStdout() {
        originalOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        originalJul = glassfish.getLevel();
    }

    /** Loads a production logging configuration, then turns every logger up to TRACE. */
    private void traceEverything(String resource) {
        LogSetupHook.configure(resource);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.TRACE);
        context.getLogger("org.glassfish").setLevel(Level.TRACE);
        context.getLogger("org.jboss.weld").setLevel(Level.INFO);
        glassfish.setLevel(java.util.logging.Level.ALL);
    }

    @AfterAll
    void restore() {
        glassfish.setLevel(originalJul);
        LogSetupHook.configure("logback-test.xml");
        System.setOut(originalOut);
    }

    @Test
    void noTokenTextAppearsInAnyJsonLogLine() {
        traceEverything("logback.xml");
        assertNoTokenInTheLogOfAnAuthenticatedSession();
        assertThat(output()).as("the capture works: the accepted user is logged").contains("\"user\":\"alice\"");
    }

    @Test
    void noTokenTextAppearsInAnyTextLogLine() {
        traceEverything("logback-text.xml");
        assertNoTokenInTheLogOfAnAuthenticatedSession();
    }

    @Test
    void withoutAuthenticationTheHubWarnsOnceAtStartThatAnyoneMayConnect() {
        LogSetupHook.configure("logback.xml");
        int mark = stdout.size();
        try (StandaloneHub hub = TestHubs.start(); WsClient anyone = WsClient.connect(hub.port())) {
            anyone.next("welcome");
        }
        LogSetupHook.flush(this::output);
        byte[] all = stdout.toByteArray();
        List<String> warnings = new String(all, mark, all.length - mark, StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("anyone who reaches this hub may connect")).toList();
        assertThat(warnings).hasSize(1).allSatisfy(l -> assertThat(l).contains("\"level\":\"WARN\""));
    }

    private void assertNoTokenInTheLogOfAnAuthenticatedSession() {
        int mark = stdout.size();
        Instant exp = Instant.now().plusSeconds(3600);
        String accepted = Tokens.hs256(Tokens.SECRET, Tokens.claims("alice", exp).build());
        String viaQuery = Tokens.hs256(Tokens.SECRET, Tokens.claims("bob", exp).build());
        String refreshed = Tokens.hs256(Tokens.SECRET, Tokens.claims("alice", exp.plusSeconds(60)).build());
        String otherUser = Tokens.hs256(Tokens.SECRET, Tokens.claims("mallory", exp).build());
        String forged = Tokens.forged(Tokens.hs256(Tokens.SECRET, Tokens.claims("carol", exp).build()));
        String forgedInQuery = Tokens.forged(Tokens.hs256(Tokens.SECRET, Tokens.claims("dave", exp).build()));
        try (StandaloneHub hub = TestHubs.start("auth.mode", "jwt", "auth.jwt.secret", Tokens.SECRET)) {
            int port = hub.port();
            try (RawHandshake refused = RawHandshake.open(port, "/ws", null, "127.0.0.1:" + port,
                    Map.of("Authorization", "Bearer " + forged))) {
                assertThat(refused.status()).isEqualTo(401);
            }
            try (RawHandshake refused = RawHandshake.open(port, "/ws?access_token=" + forgedInQuery, null,
                    "127.0.0.1:" + port, Map.of())) {
                assertThat(refused.status()).isEqualTo(401);
            }
            try (WsClient alice = WsClient.connect(port, Map.of("Authorization", "Bearer " + accepted));
                    WsClient bob = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws?access_token="
                            + viaQuery))) {
                alice.next("welcome");
                bob.next("welcome");
                alice.send(Frames.refresh(1, refreshed));
                alice.next("refreshed");
                alice.send(Frames.refresh(2, otherUser));
                alice.next("error");
            }
            await("the closes are logged").atMost(WAIT).until(() -> output().contains("Connection closed"));
        }
        LogSetupHook.flush(this::output);
        byte[] all = stdout.toByteArray();
        String log = new String(all, mark, all.length - mark, StandardCharsets.UTF_8);
        assertThat(log).as("the capture works").contains("Connection opened").contains("refused: bad signature");
        for (String token : List.of(accepted, viaQuery, refreshed, otherUser, forged, forgedInQuery)) {
            assertThat(log).doesNotContain(token);
            assertThat(log).as("not even the signature").doesNotContain(token.substring(token.lastIndexOf('.')));
        }
        assertThat(log).as("a query string's token is masked")
                .doesNotContainPattern("access_token=\\s*+(?!\\*{4})")
                .doesNotContain(Tokens.SECRET);
    }

    private String output() {
        return stdout.toString(StandardCharsets.UTF_8);
    }
}
