package dev.switchboard.standalone.bridge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.BuffersBuffer;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.nio.NIOTransport;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;

import dev.switchboard.endpoint.FrameSink;
import dev.switchboard.outbox.WriteCallback;
import dev.switchboard.protocol.OutboundFrame;

/**
 * One upgraded Grizzly connection as Tyrus sees it, and the session's {@link FrameSink}: reads pass the
 * {@link SizeLimitedReadHandler}, each write joins Grizzly's asynchronous queue whole, every close is bounded by
 * {@code linger}. Thread-safe; never blocks. See docs/design-notes.md, "Direct frame writes and bounded closes".
 */
final class BridgedConnection implements FrameSink {

    /** The most queued frames one socket write carries (within the outbox's byte cap per write). */
    static final int MAX_FRAMES_PER_WRITE = 64;

    private final Connection<?> grizzly;
    private final ScheduledExecutorService reaper;
    private final Duration linger;
    private final GrizzlyWriter delegate;
    @SuppressWarnings("rawtypes")
    private final org.glassfish.grizzly.Writer transportWriter;
    private final Writer writer;
    private final boolean throughFilters;
    private volatile SizeLimitedReadHandler guard;
    /** Whether the connection negotiated permessage-deflate: frames go out in their compressed form. */
    private volatile boolean deflate;
    private volatile ScheduledFuture<?> termination;

    /**
     * @param throughFilters write frames through the connection's filter chain (which must then be non-blocking),
     *                       for a chain that transforms written bytes (TLS); otherwise straight to the transport
     */
    BridgedConnection(Connection<?> grizzly, ScheduledExecutorService reaper, Duration linger,
            boolean throughFilters) {
        if (throughFilters && grizzly.isBlocking()) {
            throw new IllegalStateException("a blocking connection would hold a send-pool thread on every write");
        }
        this.grizzly = grizzly;
        this.throughFilters = throughFilters;
        // The asynchronous queue writer itself, never the transport's choice by the connection's blocking mode: a
        // blocking write would hold a send-pool thread until a peer that stopped reading reads again.
        this.transportWriter = ((NIOTransport) grizzly.getTransport()).getAsyncQueueIO().getWriter();
        this.reaper = reaper;
        this.linger = linger;
        this.delegate = new GrizzlyWriter(grizzly);
        this.writer = new Writer() {
            @Override
            public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler) {
                delegate.write(buffer, completionHandler);
            }

            @Override
            public void close() {
                SizeLimitedReadHandler g = guard;
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
            SizeLimitedReadHandler g = guard;
            if (g != null) {
                g.close();
            }
        });
    }

    Writer writer() {
        return writer;
    }

    @Override
    public int maxFramesPerWrite() {
        return MAX_FRAMES_PER_WRITE;
    }

    /**
     * Writes the frames' wire bytes to the transport's asynchronous write queue, where every write ends up after
     * the filter chain: straight there when no filter transforms written bytes (whole frames need no filter), else
     * through the chain, whose TLS filter encrypts and queues each write in one step under the connection's lock,
     * so that Tyrus's own frames (pings, pongs, close) and these keep one order on the wire.
     */
    @Override
    public void write(List<OutboundFrame> frames, WriteCallback callback) {
        writeBuffer(wireBuffer(frames), callback);
    }

    @Override
    public void ping(WriteCallback callback) {
        writeBuffer(Buffers.wrap(grizzly.getMemoryManager(), FrameSink.pingFrame()), callback);
    }

    @SuppressWarnings("unchecked")
    private void writeBuffer(Buffer buffer, WriteCallback callback) {
        if (!grizzly.isOpen()) {
            callback.failed(new IOException("connection closed"));
            return;
        }
        EmptyCompletionHandler<Object> done = new EmptyCompletionHandler<>() {
            @Override
            public void completed(Object result) {
                callback.completed();
            }

            @Override
            public void failed(Throwable error) {
                callback.failed(error);
            }

            @Override
            public void cancelled() {
                callback.failed(new CancellationException("write cancelled"));
            }
        };
        if (throughFilters) {
            ((Connection<Object>) grizzly).write(buffer, (EmptyCompletionHandler) done);
        } else {
            transportWriter.write(grizzly, buffer, done);
        }
    }

    /**
     * The frames' shared wire bytes as one Grizzly buffer: several frames become a composite over the same arrays
     * (written with one gathering write), so a batch copies no payload either.
     */
    private Buffer wireBuffer(List<OutboundFrame> frames) {
        MemoryManager memory = grizzly.getMemoryManager();
        if (frames.size() == 1) {
            return Buffers.wrap(memory, wire(frames.get(0)));
        }
        Buffer[] parts = new Buffer[frames.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Buffers.wrap(memory, wire(frames.get(i)));
        }
        return BuffersBuffer.create(memory, parts);
    }

    /** The frame as this connection sends it: compressed once for all connections that negotiated deflate. */
    private ByteBuffer wire(OutboundFrame frame) {
        return deflate ? frame.deflatedWire() : frame.wire();
    }

    /**
     * Wraps Tyrus's read handler in the size guard (and the inflater, with {@code deflate}); called once, right
     * after the upgrade.
     */
    ReadHandler guard(ReadHandler tyrusReader, long maxMessageBytes, boolean deflate) {
        SizeLimitedReadHandler g = new SizeLimitedReadHandler(tyrusReader, maxMessageBytes, deflate);
        this.deflate = deflate;
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
