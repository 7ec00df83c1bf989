package dev.switchboard.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

/**
 * The upgrade handler the container instantiates for a request that {@link UpgradeGuardFilter} accepted (see
 * {@link GuardedUpgradeRequest}). It stands in front of the handler the WebSocket implementation asked for: when the
 * container hands over the connection, the implementation's handler gets a {@link GuardedWebConnection}, whose
 * input passes the {@link FrameSizeGate}. Not for applications: public only because the container creates it with
 * its public no-argument constructor.
 */
public class GuardedUpgradeHandler implements HttpUpgradeHandler {

    private volatile HttpUpgradeHandler inner;
    private volatile long maxMessageBytes;
    private volatile ScheduledExecutorService scheduler;
    private volatile GuardedWebConnection connection;

    /** For the container. */
    public GuardedUpgradeHandler() {
    }

    /** Called once, right after the container created this handler, before it calls {@link #init}. */
    void attach(HttpUpgradeHandler innerHandler, long limit, ScheduledExecutorService lingerScheduler) {
        this.inner = innerHandler;
        this.maxMessageBytes = limit;
        this.scheduler = lingerScheduler;
    }

    @Override
    public void init(WebConnection wc) {
        GuardedWebConnection guarded;
        try {
            guarded = new GuardedWebConnection(wc, maxMessageBytes, scheduler);
        } catch (IOException e) {
            throw new UncheckedIOException("the upgraded connection has no input stream", e);
        }
        connection = guarded;
        inner.init(guarded);
    }

    @Override
    public void destroy() {
        GuardedWebConnection guarded = connection;
        if (guarded != null) {
            guarded.released();
        }
        inner.destroy();
    }
}
