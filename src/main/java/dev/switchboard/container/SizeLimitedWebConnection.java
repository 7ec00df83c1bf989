package dev.switchboard.container;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container's {@link WebConnection} of one upgraded request, its input through {@link SizeLimitedInputStream},
 * its close bounded: after a refused message it waits for the peer to close first, up to {@link #LINGER}.
 * Thread-safe (closed from any thread). See docs/design-notes.md, "The frame-size gate on Payara".
 */
final class SizeLimitedWebConnection implements WebConnection {

    /** How long a close after a refused message waits for the peer to close first (as the standalone runtime). */
    static final Duration LINGER = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(SizeLimitedWebConnection.class);

    private final WebConnection delegate;
    private final SizeLimitedInputStream input;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean lingerArmed = new AtomicBoolean();
    private volatile boolean peerGone;
    private volatile ScheduledFuture<?> linger;

    /**
     * @param scheduler the server's managed scheduled executor, for the linger; never shut down here
     * @throws IOException if the container's input stream cannot be had
     */
    SizeLimitedWebConnection(WebConnection delegate, long maxMessageBytes, ScheduledExecutorService scheduler)
            throws IOException {
        this.delegate = delegate;
        this.scheduler = scheduler;
        this.input = new SizeLimitedInputStream(delegate.getInputStream(), maxMessageBytes, this::peerGone);
    }

    @Override
    public ServletInputStream getInputStream() {
        return input;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        return delegate.getOutputStream();
    }

    /** Closes the container's connection now, or after a refused message once the peer has closed (bounded). */
    @Override
    public void close() {
        closeRequested.set(true);
        if (!input.isDiscarding() || peerGone) {
            closeNow();
            return;
        }
        armLinger();
    }

    /** The container is tearing the connection down itself ({@code destroy}): nothing is left to close. */
    void released() {
        closed.set(true);
        cancelLinger();
    }

    private void peerGone() {
        peerGone = true;
        // Set before reading closeRequested, as close() sets that before reading peerGone: one of them closes.
        if (closeRequested.get()) {
            closeNow();
        }
    }

    private void armLinger() {
        if (!lingerArmed.compareAndSet(false, true)) {
            return;
        }
        try {
            // Milliseconds: Payara's managed scheduler never ran a schedule given in nanoseconds (see the heartbeat).
            linger = scheduler.schedule(this::closeNow, LINGER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            closeNow();
            return;
        }
        if (closed.get()) {
            cancelLinger(); // closed by the peer's end while the linger was being armed
        }
    }

    private void cancelLinger() {
        ScheduledFuture<?> pending = linger;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private void closeNow() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cancelLinger();
        try {
            delegate.close();
        } catch (Exception e) {
            LOG.debug("Closing the upgraded connection failed", e);
        }
    }
}
