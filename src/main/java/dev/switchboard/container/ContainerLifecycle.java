package dev.switchboard.container;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.admission.Authentication;
import dev.switchboard.config.HubConfig;
import dev.switchboard.heartbeat.HeartbeatScheduler;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.registry.ConnectionRegistry;

/**
 * Inside an application server: loads {@code WEB-INF/switchboard.properties} and starts the heartbeat on deploy;
 * on undeploy or server shutdown drains like standalone (new connections refused, 1001 after what is queued, up to
 * {@code shutdown.grace}). See docs/design-notes.md, "Starting and stopping inside an application server".
 */
@WebListener
public class ContainerLifecycle implements ServletContextListener {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLifecycle.class);

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // First, before anything reads the configuration: WEB-INF/switchboard.properties is its lowest layer.
        CDI.current().select(ServletConfigLayer.class).get().load(event.getServletContext());
        // Then who may connect, with those settings: a bean observing the application's start would be built too
        // early on Payara (before any servlet listener), and so with the WAR's settings missing.
        CDI.current().select(Authentication.class).get().announce();
        CDI.current().select(HeartbeatScheduler.class).get().start();
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ConnectionRegistry registry = CDI.current().select(ConnectionRegistry.class).get();
        HubConfig config = CDI.current().select(HubConfig.class).get();
        if (registry.isDraining()) {
            return;
        }
        int left = registry.drainAll(CloseCodes.GOING_AWAY, config.shutdown().grace());
        if (left > 0) {
            LOG.warn("{} connections had not drained within {}; closing them", left, config.shutdown().grace());
        }
    }
}
