package dev.switchboard.standalone;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.glassfish.grizzly.Connection;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * One upgraded Grizzly connection as Tyrus sees it: reads pass through the {@link FrameSizeGuard}; writes go to
 * Grizzly; and a close is bounded. Tyrus closes gracefully (after pending writes), which never ends for a peer
 * that does not read, so every close also arms a hard termination after {@code linger}. After a refused oversize
 * message the graceful close is skipped: the connection keeps reading and dropping input until the peer closes or
 * the linger ends, so that the peer sees the 1009 close frame rather than a TCP reset.
 */
final class BridgedConnection {

    private final Connection<?> grizzly;
    private final ScheduledExecutorService reaper;
    private final Duration linger;
    private final Writer writer;
    private volatile FrameSizeGuard guard;
    private volatile ScheduledFuture<?> termination;

    BridgedConnection(Connection<?> grizzly, ScheduledExecutorService reaper, Duration linger) {
        this.grizzly = grizzly;
        this.reaper = reaper;
        this.linger = linger;
        GrizzlyWriter delegate = new GrizzlyWriter(grizzly);
        this.writer = new Writer() {
            @Override
            public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler) {
                delegate.write(buffer, completionHandler);
            }

            @Override
            public void close() {
                FrameSizeGuard g = guard;
                if (g == null || !g.isDiscarding()) {
                    delegate.close();
                }
                armTermination();
            }
        };
        grizzly.addCloseListener((closeable, type) -> {
            ScheduledFuture<?> pending = termination;
            if (pending != null) {
                pending.cancel(false);
            }
        });
    }

    Writer writer() {
        return writer;
    }

    /** Wraps Tyrus's read handler in the size guard; called once, right after the upgrade. */
    ReadHandler guard(ReadHandler tyrusReader, long maxMessageBytes) {
        FrameSizeGuard g = new FrameSizeGuard(tyrusReader, maxMessageBytes);
        this.guard = g;
        return g;
    }

    private synchronized void armTermination() {
        if (termination != null || !grizzly.isOpen()) {
            return;
        }
        try {
            termination = reaper.schedule(grizzly::terminateSilently, linger.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            grizzly.terminateSilently();
        }
    }
}
