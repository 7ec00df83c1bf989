package dev.switchboard.standalone;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.HubConfig;

/** Starts the standalone hub with the configuration from {@code conf/switchboard.properties}, env and -D. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        HubConfig config;
        try {
            config = ConfigLoader.load();
        } catch (ConfigException e) {
            fail(e);
            return;
        }
        LogSetup.apply(config.logging().format());
        StandaloneHub hub;
        try {
            Warmup.run(config);
            hub = StandaloneHub.start(config);
        } catch (ConfigException e) {
            // A setting only start-up can check, such as an unreadable TLS keystore.
            fail(e);
            return;
        } catch (IOException | RuntimeException | Error e) {
            LogSetup.stop(); // what start-up logged before failing is written, not lost in the queue
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down");
            try {
                hub.close();
            } finally {
                LogSetup.stop(); // last: writes the lines still queued, the hub's closes included
                stopped.countDown();
            }
        }, "switchboard-shutdown"));
        LOG.info("{}", hub.urls().readyLine());
        stopped.await();
    }

    private static void fail(ConfigException e) {
        LogSetup.stop();
        System.err.println("switchboard: " + e.getMessage());
        System.exit(2);
    }
}
