package dev.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.standalone.EmbeddedApp;
import dev.switchboard.standalone.StandaloneHub;

/**
 * Starts real standalone hubs on free ports, for tests that start a hub in the middle of a scenario (a second hub, a
 * hub whose start is under test); otherwise use {@link HubExtension}. The caller closes the hub.
 */
public final class TestHubs {

    private TestHubs() {
    }

    /**
     * Starts a hub on a free port of 127.0.0.1 with a 2 s shutdown grace, overridden by {@code settings} (key, value,
     * key, value…).
     */
    public static StandaloneHub start(String... settings) {
        return start(EmbeddedApp.NONE, settings);
    }

    /** Starts a hub as {@link #start(String...)} does, with an embedding application's endpoints and resources. */
    public static StandaloneHub start(EmbeddedApp app, String... settings) {
        Map<String, String> values = new HashMap<>();
        values.put("port", "-1");
        values.put("host", "127.0.0.1");
        values.put("shutdown.grace.seconds", "2");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        try {
            return StandaloneHub.start(ConfigLoader.fromMap(values), app);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
