package dev.switchboard.container;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.config.HubConfig;
import dev.switchboard.heartbeat.HeartbeatScheduler;
import dev.switchboard.protocol.CloseCodes;
import dev.switchboard.registry.ConnectionRegistry;

/**
 * Inside an application server: loads {@code WEB-INF/switchboard.properties} and starts the heartbeat when the
 * application starts, and drains like the standalone
 * shutdown when it stops (undeploy, or the server's own shutdown): new connections are refused, every session gets
 * 1001 after what is queued, for up to {@code shutdown.grace}. A servlet listener rather than a CDI lifecycle
 * observer: Payara did not deliver {@code @Initialized(ApplicationScoped.class)} to the hub's beans (measured). The
 * standalone runtime does both itself.
 */
@WebListener
public class ContainerLifecycle implements ServletContextListener {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLifecycle.class);

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // First, before anything reads the configuration: WEB-INF/switchboard.properties is its lowest layer.
        CDI.current().select(ServletConfigLayer.class).get().load(event.getServletContext());
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
