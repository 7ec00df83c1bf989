package dev.switchboard.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.switchboard.standalone.StandaloneHub;
import dev.switchboard.testing.HeadlessChromium;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.TestHubs;
import dev.switchboard.testing.WsClient;

/**
 * The live dashboard as a person sees it, in real headless Chromium (Debian's {@code /usr/bin/chromium}, driven by
 * Playwright; Playwright's own browser download is never used): the numbers on the page follow the traffic the
 * test generates, and the API-key form guards the data when the hub has a key. Leaves {@code target/dashboard.png}
 * and {@code target/dashboard-key.png} as artifacts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

    /** How long the page may take to show a value: a few one-second polls, with room for a loaded machine. */
    static final Duration WAIT = Duration.ofSeconds(15);
    static final int CLIENTS = 5;
    static final String CHANNEL = "dash:demo";

    private HeadlessChromium chromium;
    private Browser browser;
    private BrowserContext context;
    private StandaloneHub hub;
    private final List<String> scriptErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> consoleErrors = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    void launch() {
        chromium = HeadlessChromium.launch();
        browser = chromium.browser();
    }

    @AfterAll
    void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void newContext() {
        // A laptop screen: the screenshot must look clean at this size.
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 768));
        context.onPage(page -> {
            page.onPageError(scriptErrors::add);
            page.onConsoleMessage(message -> {
                if ("error".equals(message.type())) {
                    consoleErrors.add(message.text() + " at " + message.location());
                }
            });
        });
    }

    @AfterEach
    void closeAll() {
        context.close();
        if (hub != null) {
            hub.close();
        }
        assertThat(scriptErrors).as("uncaught errors in the page's script").isEmpty();
    }

    @Test
    void numbersFollowConnectionsTrafficClosesAndRefusals() {
        // The publisher sends as fast as its acknowledgements come until the page shows rates, which can take more
        // than the default per-connection message rate allows (50/s, burst 100): raised, as rate limits are not
        // what this test is about (RateLimitIT is).
        hub = TestHubs.start("rate.messages.per.second", "100000", "rate.messages.burst", "100000");
        Page page = context.newPage();
        page.navigate(base() + "/dashboard");
        assertThat(page).hasTitle("Switchboard · live dashboard");
        shows(page, "connections", "0");
        shows(page, "messages-out-total", "0");

        List<AtomicInteger> delivered = new ArrayList<>();
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                AtomicInteger count = new AtomicInteger();
                delivered.add(count);
                WsClient client = WsClient.connect(hub.port(), frame -> {
                    boolean message = frame.contains("\"type\":\"message\"");
                    if (message) {
                        count.incrementAndGet();
                    }
                    return message;
                });
                clients.add(client);
                client.next("welcome");
                client.send(Frames.subscribe(CHANNEL).id(1));
                assertThat(client.next("subscribed").path("id").asInt()).isEqualTo(1);
            }
            shows(page, "connections", String.valueOf(CLIENTS));
            shows(page, "connections-opened-total", String.valueOf(CLIENTS));

            // The connect burst is over: the next polls see no deltas.
            shows(page, "messages-out-rate", "0");
            shows(page, "publishes-rate", "0");
            int published = publishUntilThePageShowsRates(page, clients.get(0));
            Awaitility.await("every client received all " + published + " messages").atMost(WAIT)
                    .until(() -> delivered.stream().allMatch(c -> c.get() == published));
            // Out: a welcome and a subscribed per client, an ack per publish, and every publish to every client.
            shows(page, "messages-out-total", String.format("%,d", 2 * CLIENTS + published + CLIENTS * published));
            // In: a subscribe per client and every publish.
            shows(page, "messages-in-total", String.format("%,d", CLIENTS + published));
            shows(page, "publishes-total", String.format("%,d", published));
            // With the traffic over, the next polls see no deltas.
            shows(page, "messages-out-rate", "0");
            shows(page, "publishes-rate", "0");
            shows(page, "outbox-messages", "0");
        } finally {
            clients.forEach(WsClient::close);
        }

        shows(page, "connections", "0");
        shows(page, "closes-total", String.valueOf(CLIENTS));
        for (Counter closed : registry().find("switchboard.connections.closed").counters()) {
            String code = closed.getId().getTag("code");
            shows(page, "closes-" + code, String.valueOf((long) closed.count()));
        }

        try (RawHandshake refused = RawHandshake.open(hub.port(), "http://evil.example")) {
            assertThat(refused.status()).isEqualTo(403);
        }
        shows(page, "refused-total", "1");
        Counter refusal = registry().find("switchboard.handshakes.refused").counter();
        assertThat(refusal).as("the hub counted the refusal").isNotNull();
        shows(page, "refused-" + refusal.getId().getTag("reason"), "1");
        assertThat(page.locator("#status")).hasAttribute("data-state", "live");
        assertThat(page.locator("#error-banner")).isHidden();

        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "dashboard.png"))
                .setFullPage(true));
        // Until the hub goes away, a person opening the browser's console sees no error (a 404 for /favicon.ico,
        // say: Playwright does not report the favicon request itself, only the console line).
        assertThat(consoleErrors).as("errors in the browser console while the hub runs").isEmpty();

        hub.close();
        assertThat(page.locator("#status-text")).hasText("Hub unreachable", textWithin());
        assertThat(page.locator("#error-banner")).isVisible();
        // The last numbers stay on screen while the hub is away.
        shows(page, "refused-total", "1");
    }

    @Test
    void withAnApiKeyThePageAsksForItAndKeepsItForTheTab() {
        hub = TestHubs.start("api.key", "k");
        Page page = context.newPage();
        page.navigate(base() + "/dashboard");
        Locator form = page.locator("#key-form");
        assertThat(form).isVisible();
        shows(page, "connections", "–");

        page.locator("#key-input").fill("wrong");
        page.locator("#key-submit").click();
        assertThat(page.locator("#key-error")).hasText("The hub did not accept that key.", textWithin());
        assertThat(form).isVisible();
        shows(page, "connections", "–");
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "dashboard-key.png")));

        page.locator("#key-input").fill("k");
        page.locator("#key-submit").click();
        shows(page, "connections", "0");
        assertThat(form).isHidden();

        // Kept for this tab: a reload goes straight to the numbers...
        page.reload();
        shows(page, "connections", "0");
        assertThat(form).isHidden();
        // ...while another tab of a fresh session is asked again.
        try (BrowserContext other = browser.newContext()) {
            Page second = other.newPage();
            second.navigate(base() + "/dashboard");
            assertThat(second.locator("#key-form")).isVisible();
        }
    }

    @Test
    void servesOnlyItsOwnFilesWithTheirTypesAndNoCache() throws Exception {
        hub = TestHubs.start("api.key", "k");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, String> types = Map.of("/dashboard", "text/html", "/dashboard/index.html", "text/html",
                "/dashboard/dashboard.js", "text/javascript", "/dashboard/dashboard.css", "text/css");
        for (Map.Entry<String, String> e : types.entrySet()) {
            HttpResponse<String> response = get(http, e.getKey());
            assertThat(response.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(e.getKey()).hasValueSatisfying(
                    type -> assertThat(type).startsWith(e.getValue()));
            assertThat(response.headers().firstValue("Cache-Control")).as(e.getKey()).hasValue("no-cache");
            assertThat(response.body()).as(e.getKey()).isNotEmpty();
        }
        for (String path : List.of("/dashboard/logback.xml", "/dashboard/..%2Flogback.xml",
                "/dashboard/%2e%2e%2fdashboard%2findex.html", "/dashboard/dashboard", "/dashboard/Index.html")) {
            assertThat(get(http, path).statusCode()).as(path).isEqualTo(404);
        }
        // The page is open; its data is not.
        assertThat(get(http, "/metrics").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Publishes through {@code publisher}, one acknowledged message at a time, until the page shows non-zero
     * publish and messages-out rates: a rate is only visible while traffic flows, and the page showed both at 0
     * before, so what it shows now comes from these publishes. Bounded in time and count.
     *
     * @return how many messages were published
     */
    private int publishUntilThePageShowsRates(Page page, WsClient publisher) {
        Locator publishRate = page.locator("[data-metric=publishes-rate]");
        Locator outRate = page.locator("[data-metric=messages-out-rate]");
        long deadline = System.nanoTime() + WAIT.toNanos();
        int published = 0;
        while (published < 50_000 && System.nanoTime() < deadline) {
            published++;
            publisher.send(Frames.publish(CHANNEL, Frames.object("n", published)).id(published));
            assertThat(publisher.next("published").path("id").asInt()).isEqualTo(published);
            if (isNonZero(publishRate.textContent()) && isNonZero(outRate.textContent())) {
                return published;
            }
        }
        throw new AssertionError("the page never showed publish and messages-out rates while " + published
                + " messages were published");
    }

    private static boolean isNonZero(String shown) {
        return !shown.equals("0") && !shown.equals("–");
    }

    private static void shows(Page page, String metric, String text) {
        assertThat(page.locator("[data-metric=\"" + metric + "\"]")).hasText(text, textWithin());
    }

    private static LocatorAssertions.HasTextOptions textWithin() {
        return new LocatorAssertions.HasTextOptions().setTimeout(WAIT.toMillis());
    }

    private PrometheusMeterRegistry registry() {
        return hub.bean(PrometheusMeterRegistry.class);
    }

    private String base() {
        return "http://127.0.0.1:" + hub.port();
    }
}
