package dev.switchboard.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;

import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.ConnectionRegistry;
import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.HeadlessChromium;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestHubs;
import dev.switchboard.testing.Tokens;

/**
 * The chat page at {@code /} as people use it, in real headless Chromium (Debian's {@code /usr/bin/chromium},
 * driven by Playwright): two pages chat, a cut connection loses nothing and repeats nothing, a restarted hub's
 * lost history shows as a banner, and markup from others stays text. Screenshots at 1366×768 and 390×844 go to
 * {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatPageIT {

    /** How long the page may take to show something: generous, for a loaded machine. */
    static final Duration WAIT = Duration.ofSeconds(20);
    /** A reconnect to a hub that restarts: backoff ceilings 0.5, 1, 2, 4, 8 s while it is down. */
    static final Duration RECONNECT_WAIT = Duration.ofSeconds(45);
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    static final String LOBBY = "chat:lobby";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<BrowserContext> contexts = new ArrayList<>();
    private final List<String> scriptErrors = new CopyOnWriteArrayList<>();
    private final List<String> policyViolations = new CopyOnWriteArrayList<>();
    private HeadlessChromium chromium;
    private Browser browser;
    private StandaloneHub hub;

    @BeforeAll
    void launch() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        chromium = HeadlessChromium.launch();
        browser = chromium.browser();
    }

    @AfterAll
    void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @AfterEach
    void closeAll() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
        if (hub != null) {
            hub.close();
            hub = null;
        }
        assertThat(scriptErrors).as("uncaught errors in the page's script").isEmpty();
        assertThat(policyViolations).as("Content-Security-Policy violations").isEmpty();
    }

    @Test
    void twoPagesChatWithEachOther() {
        hub = TestHubs.start("namespace.chat.presence.events", "true");
        Page alice = signIn(newPage(1366, 768), "Alice");
        Page bob = signIn(newPage(390, 844), "Bob");

        send(alice, "Hello Bob!");
        Locator atBob = messages(bob);
        assertThat(atBob).hasCount(1, count());
        assertThat(atBob.first().locator(".text")).hasText("Hello Bob!");
        assertThat(atBob.first().locator(".sender")).hasText("Alice");
        assertThat(atBob.first()).not().hasClass("message own");
        Locator atAlice = messages(alice);
        assertThat(atAlice.first()).hasClass("message own",
                new LocatorAssertions.HasClassOptions().setTimeout(WAIT.toMillis()));
        assertThat(atAlice.first().locator(".sender")).hasText("Alice (you)");
        assertThat(atAlice.first().locator("time")).hasAttribute("datetime",
                Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT.*Z$"));

        send(bob, "Hi Alice, <b>bold</b> stays text");
        assertThat(messages(alice)).hasCount(2, count());
        assertThat(messages(alice).nth(1).locator(".text")).hasText("Hi Alice, <b>bold</b> stays text");
        assertThat(messages(alice).nth(1).locator(".sender")).hasText("Bob");
        assertThat(alice.locator("#people li")).hasText(new String[] {"Alice (you)", "Bob"}, within());

        // A room joined by name, its history shown on entering.
        publishOverHttp("chat:side", "said before anyone came", "Bot");
        alice.locator("#join-input").fill("side");
        alice.locator("#join-input").press("Enter");
        assertThat(alice.locator("#room-title")).hasText("#side", within());
        assertThat(messages(alice)).hasCount(1, count());
        assertThat(messages(alice).first().locator(".text")).hasText("said before anyone came");
        assertThat(messages(alice).first().locator(".sender")).hasText("Bot");
        assertThat(alice.locator("#composer-input")).isFocused();
        alice.locator("#room-list button", new Page.LocatorOptions().setHasText("#lobby")).click();
        assertThat(messages(alice)).hasCount(2, count());

        screenshot(alice, "chat-desktop-1366x768.png");
        screenshot(bob, "chat-mobile-390x844.png");
    }

    @Test
    void aCutConnectionRecoversEveryMessageExactlyOnceInOrder() {
        hub = TestHubs.start();
        BrowserContext context = newContext(1366, 768);
        Page page = signIn(context.newPage(), "Carol");
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            expected.add(publishOverHttp(LOBBY, "before the cut " + i, "Bot"));
        }
        assertThat(texts(page)).hasText(expected.toArray(String[]::new), within());

        context.setOffline(true);
        assertThat(page.locator("#status")).hasAttribute("data-state", "offline", attributeWithin());
        assertThat(page.locator("#status-text")).hasText("Offline: reconnecting when the network is back");
        for (int i = 1; i <= 30; i++) {
            expected.add(publishOverHttp(LOBBY, "while cut off " + i, "Bot"));
        }
        assertThat(texts(page)).hasCount(3);

        context.setOffline(false);
        assertThat(page.locator("#status")).hasAttribute("data-state", "connected", attributeWithin());
        for (int i = 1; i <= 3; i++) {
            expected.add(publishOverHttp(LOBBY, "after the cut " + i, "Bot"));
        }
        // hasText with an array: exactly these elements, in this order (no duplicate, none missing).
        assertThat(texts(page)).hasText(expected.toArray(String[]::new), within());
        assertThat(page.locator("#gap-banner")).isHidden();
        assertThat(page.locator(".gap-marker")).hasCount(0);
    }

    @Test
    void connectionsTheHubDropsWhilePublishingGoesOnLoseAndRepeatNothing() {
        hub = TestHubs.start();
        Page page = signIn(newPage(1366, 768), "Grace");
        ConnectionRegistry registry = hub.bean(ConnectionRegistry.class);
        Set<String> seen = new HashSet<>();
        List<String> expected = new ArrayList<>();
        for (int cut = 1; cut <= 3; cut++) {
            for (int i = 1; i <= 40; i++) {
                expected.add(publishOverHttp(LOBBY, "round " + cut + " message " + i, "Bot"));
            }
            // An abrupt close the client must reconnect after (1011), while the publishing goes on.
            Connection current = Awaitility.await("the page's connection, a new one after each cut")
                    .atMost(RECONNECT_WAIT).until(() -> registry.all().stream()
                            .filter(c -> !seen.contains(c.id())).findFirst(), Optional::isPresent).get();
            seen.add(current.id());
            registry.close(current, CloseCodes.INTERNAL_ERROR, false);
        }
        for (int i = 1; i <= 40; i++) {
            expected.add(publishOverHttp(LOBBY, "after the cuts " + i, "Bot"));
        }
        assertThat(texts(page)).hasText(expected.toArray(String[]::new), new LocatorAssertions.HasTextOptions()
                .setTimeout(RECONNECT_WAIT.toMillis()));
        assertThat(page.locator("#status")).hasAttribute("data-state", "connected");
        assertThat(registry.all()).as("a fourth connection, after three cuts").hasSize(1)
                .allSatisfy(c -> assertThat(seen).doesNotContain(c.id()));
        assertThat(page.locator("#gap-banner")).isHidden();
    }

    /**
     * switchboard.js itself in Chromium, with short timings (ping after 1 s of silence, 1 s for an answer): a hub
     * that stops answering while TCP stays up is given up within twice that, and what was published meanwhile
     * arrives once, in order, after the proxy forwards again.
     */
    @Test
    void theBrowserClientGivesUpOnAFrozenHubWithoutWaitingForTcpAndMissesNothing() throws Exception {
        hub = TestHubs.start();
        try (TcpProxy proxy = TcpProxy.start(hub.port())) {
            Page page = newPage(1366, 768);
            page.navigate("http://127.0.0.1:" + proxy.port() + "/");
            page.evaluate("""
                    async (url) => {
                      const { Switchboard } = await import('/switchboard.js');
                      window.log = { states: [], got: [] };
                      const sb = new Switchboard(url, { pingAfterMs: 1000, pongTimeoutMs: 1000,
                        connectTimeoutMs: 2000, maxDelayMs: 1000 });
                      sb.onState((state, d) => window.log.states.push({ state, code: d.code ?? null,
                        reason: d.reason ?? null, at: performance.now() }));
                      sb.subscribe('chat:frozen', { message: (m) => window.log.got.push(m.data.text),
                        gap: () => window.log.states.push({ state: 'gap' }) });
                      sb.connect();
                      window.sb = sb;
                    }""", "ws://127.0.0.1:" + proxy.port() + "/ws");
            awaitInPage(page, "window.sb.state === 'connected'");
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                expected.add(publishOverHttp("chat:frozen", "before the freeze " + i, "Bot"));
            }
            awaitInPage(page, "window.log.got.length === 3");

            double frozenAt = ((Number) page.evaluate("() => performance.now()")).doubleValue();
            proxy.freeze();
            for (int i = 1; i <= 3; i++) {
                expected.add(publishOverHttp("chat:frozen", "while frozen " + i, "Bot"));
            }
            awaitInPage(page, "window.log.states.some(s => s.state === 'disconnected' && s.code === 4000)");
            @SuppressWarnings("unchecked")
            Map<String, Object> given = (Map<String, Object>) page.evaluate(
                    "() => window.log.states.find(s => s.state === 'disconnected' && s.code === 4000)");
            assertThat(given.get("reason")).isEqualTo("no answer from the hub");
            assertThat(((Number) given.get("at")).doubleValue() - frozenAt).as("ms from the freeze to giving up")
                    .isLessThanOrEqualTo(2 * (1000 + 1000));

            proxy.thaw();
            awaitInPage(page, "window.sb.state === 'connected' && window.log.got.length === 6");
            expected.add(publishOverHttp("chat:frozen", "after the thaw", "Bot"));
            awaitInPage(page, "window.log.got.length === 7");
            assertThat(page.evaluate("() => window.log.got")).isEqualTo(expected);
            assertThat(page.evaluate("() => window.log.states.filter(s => s.state === 'gap').length"))
                    .isEqualTo(0);
            page.evaluate("() => window.sb.close()");
        }
    }

    @Test
    void aRestartedHubThatLostItsHistoryShowsTheGapBanner() {
        hub = TestHubs.start();
        int port = hub.port();
        Page page = signIn(newPage(1366, 768), "Dave");
        publishOverHttp(LOBBY, "before the restart", "Bot");
        assertThat(texts(page)).hasText(new String[] {"before the restart"}, within());

        hub.close();
        assertThat(page.locator("#status-text")).hasText(
                Pattern.compile("Reconnecting"), within());
        hub = TestHubs.start("port", String.valueOf(port));

        assertThat(page.locator("#status")).hasAttribute("data-state", "connected",
                new LocatorAssertions.HasAttributeOptions().setTimeout(RECONNECT_WAIT.toMillis()));
        assertThat(page.locator("#gap-banner")).isVisible(new LocatorAssertions.IsVisibleOptions()
                .setTimeout(WAIT.toMillis()));
        assertThat(page.locator("#gap-text")).containsText("could not be recovered");
        publishOverHttp(LOBBY, "after the restart", "Bot");
        assertThat(texts(page)).hasText(new String[] {"before the restart", "after the restart"}, within());
        // The marker sits between what came before and what came after.
        assertThat(page.locator("#message-pane li").nth(1)).hasClass("gap-marker");
        screenshot(page, "chat-gap-1366x768.png");

        page.locator("#gap-dismiss").click();
        assertThat(page.locator("#gap-banner")).isHidden();
        assertThat(page.locator("#composer-input")).isFocused();
    }

    @Test
    void markupInAMessageIsShownAsTextAndNoScriptRuns() {
        hub = TestHubs.start();
        Page reader = signIn(newPage(1366, 768), "Erin");
        Page mallory = signIn(newPage(1366, 768), "<img src=x onerror=window.pwned=1>");
        String attack = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
        send(mallory, attack);
        publishOverHttp(LOBBY, "<svg onload=window.pwned=3>", "<i onmouseover=window.pwned=4>x</i>");

        assertThat(texts(reader)).hasText(new String[] {attack, "<svg onload=window.pwned=3>"}, within());
        assertThat(messages(reader).first().locator(".sender")).hasText("<img src=x onerror=window.pwned=1>");
        assertThat(messages(reader).nth(1).locator(".sender")).hasText("<i onmouseover=window.pwned=4>x</i>");
        // Without presence events, a message from someone not listed yet makes the page ask who is there.
        assertThat(reader.locator("#people li")).hasText(
                new String[] {"Erin (you)", "<img src=x onerror=window.pwned=1>"}, within());
        assertThat(reader.locator("#message-pane img, #message-pane script, #message-pane svg, #message-pane i"))
                .hasCount(0);
        assertThat(reader.evaluate("() => window.pwned === undefined")).isEqualTo(true);
        assertThat(mallory.evaluate("() => window.pwned === undefined")).isEqualTo(true);
    }

    @Test
    void everythingWorksWithTheKeyboardAlone() {
        hub = TestHubs.start();
        Page page = signIn(newPage(390, 844), "Heidi");
        page.keyboard().type("typed, not clicked");
        page.keyboard().press("Enter");
        assertThat(texts(page)).hasText(new String[] {"typed, not clicked"}, within());

        // Backwards from the message box: the message list, "Leave room", "Join", the room name field.
        page.keyboard().press("Shift+Tab");
        assertThat(page.locator("#message-pane ol")).isFocused();
        page.keyboard().press("Shift+Tab");
        assertThat(page.locator("#leave-button")).isFocused();
        page.keyboard().press("Shift+Tab");
        page.keyboard().press("Shift+Tab");
        assertThat(page.locator("#join-input")).isFocused();
        page.keyboard().type("kbd");
        page.keyboard().press("Enter");
        assertThat(page.locator("#room-title")).hasText("#kbd", within());
        assertThat(page.locator("#composer-input")).isFocused();

        // Back to the lobby through the room list (before the join field), then leave the room.
        for (int i = 0; i < 6; i++) {
            page.keyboard().press("Shift+Tab");
        }
        assertThat(page.locator("#room-list button").first()).isFocused();
        assertThat(page.locator("#room-list button").first()).hasText("#lobby");
        page.keyboard().press("Enter");
        assertThat(page.locator("#room-title")).hasText("#lobby", within());
        assertThat(texts(page)).hasText(new String[] {"typed, not clicked"});
        // Forwards: the other room, the join field, "Join", "Leave room".
        for (int i = 0; i < 4; i++) {
            page.keyboard().press("Tab");
        }
        assertThat(page.locator("#leave-button")).isFocused();
        page.keyboard().press("Enter");
        assertThat(page.locator("#room-title")).hasText("#kbd", within());
        assertThat(page.locator("#room-list button")).hasCount(1);
    }

    @Test
    void withJwtThePageAsksForATokenAndShowsTheTokensUser() {
        hub = TestHubs.start("auth.mode", "jwt", "auth.jwt.secret", Tokens.SECRET);
        Page page = newPage(1366, 768);
        page.navigate(base() + "/");
        assertThat(page.locator("#name-field")).isHidden();
        assertThat(page.locator("#token-input")).isFocused();
        page.locator("#token-input").fill("not a token");
        page.locator("#signin-submit").click();
        assertThat(page.locator("#signin-error")).isVisible();

        page.locator("#token-input").fill(Tokens.hs256("frank"));
        page.locator("#signin-submit").click();
        assertThat(page.locator("#status-text")).hasText("Connected as frank", within());
        send(page, "signed in with a token");
        assertThat(messages(page).first().locator(".sender")).hasText("frank (you)", within());
    }

    @Test
    void servesThePageAndTheClientWithTheirTypesAStrictPolicyAndNoCache() throws Exception {
        hub = TestHubs.start();
        Map<String, String> types = Map.of("/", "text/html", "/index.html", "text/html",
                "/chat.js", "text/javascript", "/chat.css", "text/css", "/switchboard.js", "text/javascript",
                "/switchboard.d.ts", "application/typescript");
        for (Map.Entry<String, String> e : types.entrySet()) {
            HttpResponse<String> response = get(e.getKey());
            assertThat(response.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(e.getKey())
                    .hasValueSatisfying(type -> assertThat(type).startsWith(e.getValue()));
            assertThat(response.headers().firstValue("Cache-Control")).as(e.getKey()).hasValue("no-cache");
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(e.getKey())
                    .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'", "style-src 'self'",
                            "default-src 'none'").doesNotContain("unsafe"));
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
        assertThat(get("/").body()).contains("<meta name=\"switchboard-auth\" content=\"none\">")
                .doesNotContain("<script>").doesNotContain("style=");
        assertThat(get("/switchboard.js").body()).contains("export class Switchboard");
        for (String path : List.of("/logback.xml", "/..%2Flogback.xml", "/chat", "/Index.html", "/package.json")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
        // The other resources keep their paths.
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/dashboard").headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private BrowserContext newContext(int width, int height) {
        BrowserContext context = browser.newContext(
                new Browser.NewContextOptions().setViewportSize(width, height));
        context.onPage(page -> {
            page.onPageError(scriptErrors::add);
            page.onConsoleMessage(message -> {
                if (message.text().contains("Content Security Policy")) {
                    policyViolations.add(message.text());
                }
            });
        });
        contexts.add(context);
        return context;
    }

    private Page newPage(int width, int height) {
        return newContext(width, height).newPage();
    }

    /** Opens the chat page, enters with this name and waits until it is connected in the lobby. */
    private Page signIn(Page page, String name) {
        page.navigate(base() + "/");
        assertThat(page).hasTitle("Switchboard chat");
        assertThat(page.locator("#name-input")).isFocused();
        page.locator("#name-input").fill(name);
        page.locator("#name-input").press("Enter");
        assertThat(page.locator("#status")).hasAttribute("data-state", "connected", attributeWithin());
        assertThat(page.locator("#room-title")).hasText("#lobby");
        assertThat(page.locator("#composer-input")).isFocused();
        return page;
    }

    /** Types a message and presses Enter, as a person would. */
    private static void send(Page page, String text) {
        page.locator("#composer-input").fill(text);
        page.locator("#composer-input").press("Enter");
    }

    private static Locator messages(Page page) {
        return page.locator("#message-pane li.message");
    }

    private static Locator texts(Page page) {
        return page.locator("#message-pane li.message .text");
    }

    /** Publishes {@code {"text":…,"name":…}} with the HTTP API; returns the text. */
    private String publishOverHttp(String channel, String text, String name) {
        ObjectNode body = json.createObjectNode().put("text", text).put("name", name);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(base() + "/api/v1/channels/" + channel + "/messages"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits, bounded, until the expression is true in the page. */
    private static void awaitInPage(Page page, String expression) {
        page.waitForFunction("() => " + expression, null,
                new Page.WaitForFunctionOptions().setTimeout(RECONNECT_WAIT.toMillis()));
    }

    private static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)));
    }

    private String base() {
        return "http://127.0.0.1:" + hub.port();
    }

    private static LocatorAssertions.HasTextOptions within() {
        return new LocatorAssertions.HasTextOptions().setTimeout(WAIT.toMillis());
    }

    private static LocatorAssertions.HasAttributeOptions attributeWithin() {
        return new LocatorAssertions.HasAttributeOptions().setTimeout(WAIT.toMillis());
    }

    private static LocatorAssertions.HasCountOptions count() {
        return new LocatorAssertions.HasCountOptions().setTimeout(WAIT.toMillis());
    }
}
