package dev.switchboard.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

/**
 * The upgrade handler the container creates for a request {@link UpgradeAdmissionFilter} accepted: it gives the
 * implementation's own handler a {@link SizeLimitedWebConnection}. Public only for the container, not for
 * applications. See docs/design-notes.md, "The frame-size gate on Payara".
 */
public class SizeLimitedUpgradeHandler implements HttpUpgradeHandler {

    private volatile HttpUpgradeHandler inner;
    private volatile long maxMessageBytes;
    private volatile ScheduledExecutorService scheduler;
    private volatile SizeLimitedWebConnection connection;

    /** For the container. */
    public SizeLimitedUpgradeHandler() {
    }

    /** Called once, right after the container created this handler, before it calls {@link #init}. */
    void attach(HttpUpgradeHandler innerHandler, long limit, ScheduledExecutorService lingerScheduler) {
        this.inner = innerHandler;
        this.maxMessageBytes = limit;
        this.scheduler = lingerScheduler;
    }

    @Override
    public void init(WebConnection wc) {
        SizeLimitedWebConnection guarded;
        try {
            guarded = new SizeLimitedWebConnection(wc, maxMessageBytes, scheduler);
        } catch (IOException e) {
            throw new UncheckedIOException("the upgraded connection has no input stream", e);
        }
        connection = guarded;
        inner.init(guarded);
    }

    @Override
    public void destroy() {
        SizeLimitedWebConnection guarded = connection;
        if (guarded != null) {
            guarded.released();
        }
        inner.destroy();
    }
}
