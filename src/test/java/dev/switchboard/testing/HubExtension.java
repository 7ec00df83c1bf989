package dev.switchboard.testing;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.switchboard.standalone.EmbeddedApp;
import dev.switchboard.standalone.StandaloneHub;

/**
 * A real standalone hub on a free port for a JUnit 5 test: {@code @RegisterExtension} on an instance field starts one
 * per test, on a {@code static final} field one per class; it is closed after the test or the class. Settings are
 * configuration keys and values, as in {@code switchboard.properties}; the accessors fail outside a running test.
 */
public final class HubExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final EmbeddedApp app;
    private final String[] settings;
    private final AtomicReference<StandaloneHub> hub = new AtomicReference<>();
    private final AtomicReference<ExtensionContext> owner = new AtomicReference<>();

    private HubExtension(EmbeddedApp app, String[] settings) {
        if (settings.length % 2 != 0) {
            throw new IllegalArgumentException("settings come in key, value pairs");
        }
        this.app = app;
        this.settings = settings.clone();
    }

    /** @param settings configuration keys and values (key, value, key, value…) over the test defaults */
    public static HubExtension withSettings(String... settings) {
        return new HubExtension(EmbeddedApp.NONE, settings);
    }

    /** @return an extension for a hub with the test defaults of {@link TestHubs#start} */
    public static HubExtension withDefaults() {
        return new HubExtension(EmbeddedApp.NONE, new String[0]);
    }

    /** @return this extension for a hub that also serves an embedding application's endpoints and resources */
    public HubExtension withApp(EmbeddedApp embedded) {
        return new HubExtension(embedded, settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // Registered on a static field the hub already runs for the class; on an instance field it starts here.
        if (hub.get() == null) {
            start(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopIfStartedBy(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopIfStartedBy(context);
    }

    private void start(ExtensionContext context) {
        owner.set(context);
        hub.set(TestHubs.start(app, settings));
    }

    private void stopIfStartedBy(ExtensionContext context) {
        if (owner.compareAndSet(context, null)) {
            StandaloneHub running = hub.getAndSet(null);
            if (running != null) {
                running.close();
            }
        }
    }

    /**
     * Closes the running hub, then starts one with {@code settings} over the test defaults (not this extension's
     * settings); it is closed like the first. Never two hubs at once: hubs in one JVM share {@code CDI.current()}.
     */
    public StandaloneHub restart(String... settings) {
        hub().close();
        hub.set(TestHubs.start(settings));
        return hub();
    }

    /** @return the running hub */
    public StandaloneHub hub() {
        StandaloneHub running = hub.get();
        if (running == null) {
            throw new IllegalStateException("no hub: use the extension inside a test it is registered for");
        }
        return running;
    }

    /** @return the port the running hub listens on (WebSocket and HTTP) */
    public int port() {
        return hub().port();
    }

    /** @return the running hub's bean of this type */
    public <T> T bean(Class<T> type) {
        return hub().bean(type);
    }

    /** @return {@code http://127.0.0.1:<port><path>} */
    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** @return a client connected to the running hub's {@code /ws}, reading */
    public WsClient connect() {
        return WsClient.connect(port());
    }
}
