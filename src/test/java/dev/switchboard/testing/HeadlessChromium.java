package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/**
 * Debian's chromium, headless, driven by Playwright for Java, which never downloads a browser of its own here. The
 * browser tests share it so that they run the same browser the same way. Not thread-safe; close it once.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Where Debian installs it (.ci/run installs it when missing). */
    public static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");

    private final Playwright playwright;
    private final Browser browser;

    private HeadlessChromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Starts it; fails the test with a clear message when chromium is not installed. */
    public static HeadlessChromium launch() {
        assertThat(Files.isExecutable(EXECUTABLE)).as("Debian's chromium at " + EXECUTABLE + " (.ci/run installs it)")
                .isTrue();
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            return new HeadlessChromium(playwright, playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--no-first-run"))));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    public Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
