package dev.switchboard.endpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.outbox.Transport;
import dev.switchboard.outbox.WriteCallback;
import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.OutboundFrame;

/**
 * {@link Transport} over a {@code jakarta.websocket} session, with asynchronous sends only; text frames and pings
 * go through the runtime's {@link FrameSink} when it offers one, else through the session, several queued frames
 * as one batch where the container reports batching; the close always through the session. Thread-safe. See
 * docs/design-notes.md, "Direct frame writes and bounded closes" and "Batched sends in a server".
 */
final class SessionTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTransport.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final ClassLoader PLATFORM_LOADER = ClassLoader.getPlatformClassLoader();

    private final Session session;
    private final FrameSink sink;
    private final int framesPerWrite;

    /**
     * @param sink        the runtime's direct writer for this session, or null to send through the session
     * @param batchFrames without a sink, the most frames one batch may carry where the container reports batching
     *                    ({@code send.batch.frames}); 1 = one frame per send
     */
    SessionTransport(Session session, FrameSink sink, int batchFrames) {
        this.session = session;
        this.sink = sink;
        if (sink != null) {
            this.framesPerWrite = Math.max(1, sink.maxFramesPerWrite());
        } else {
            this.framesPerWrite = batchFrames > 1 && reportsBatching(session.getAsyncRemote()) ? batchFrames : 1;
        }
    }

    @Override
    public int maxFramesPerWrite() {
        return framesPerWrite;
    }

    @Override
    public void sendTexts(List<OutboundFrame> frames, WriteCallback callback) {
        try {
            if (sink != null) {
                // The session's own send refuses once it is closing; frames written beside it must too, so that
                // nothing follows the close frame.
                if (!session.isOpen()) {
                    callback.failed(new IOException("Session " + session.getId() + " is closed"));
                    return;
                }
                sink.write(frames, callback);
                return;
            }
            ClassLoader caller = enterLeanContext();
            try {
                if (frames.size() > 1) {
                    sendBatch(frames, callback);
                } else {
                    session.getAsyncRemote().sendText(frames.get(0).text(), new SendGroup(1, callback));
                }
            } finally {
                Thread.currentThread().setContextClassLoader(caller);
            }
        } catch (RuntimeException e) {
            callback.failed(e);
        }
    }

    /**
     * Makes the platform class loader the calling thread's context class loader, for a send through the container:
     * Tyrus schedules a task on the server's managed executor at every send (its idle timer), and Payara captures
     * a task's context with a {@code ServiceLoader} scan of that loader's class path (docs/deploy.md, "Large
     * connection counts in a server"). Only the container's send runs under it; the caller restores its own.
     *
     * @return the caller's context class loader
     */
    private static ClassLoader enterLeanContext() {
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(PLATFORM_LOADER);
        return caller;
    }

    /**
     * Hands the frames to the container as one batch, flushed once; the callback hears from all their sends. Only
     * for a session whose container {@link #reportsBatching reports batching}.
     */
    private void sendBatch(List<OutboundFrame> frames, WriteCallback callback) {
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        SendGroup group = new SendGroup(frames.size(), callback);
        try {
            remote.setBatchingAllowed(true);
            for (OutboundFrame frame : frames) {
                remote.sendText(frame.text(), group);
            }
        } catch (IOException | RuntimeException e) {
            group.fail(e);
        } finally {
            endBatch(remote, group);
        }
    }

    /**
     * Batching off first, then the flush: a frame the container queues on its own meanwhile (a pong, a close) is
     * flushed by one or the other, never left waiting for the next batch.
     */
    private static void endBatch(RemoteEndpoint.Async remote, SendGroup group) {
        try {
            remote.setBatchingAllowed(false);
            remote.flushBatch();
        } catch (IOException | RuntimeException e) {
            group.fail(e);
        }
    }

    /**
     * @return true if the container batches this session's sends: it says so once asked to allow batching (the
     *         API lets an implementation ignore the request: Tyrus does, Undertow does not). Leaves batching off.
     */
    static boolean reportsBatching(RemoteEndpoint.Async remote) {
        try {
            remote.setBatchingAllowed(true);
            boolean batching = remote.getBatchingAllowed();
            remote.setBatchingAllowed(false);
            remote.flushBatch();
            return batching;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Asking the container for batched sends failed; one frame per send: {}", e.toString());
            return false;
        }
    }

    @Override
    public void sendPing(WriteCallback callback) {
        try {
            if (sink != null) {
                if (!session.isOpen()) {
                    callback.failed(new IOException("Session " + session.getId() + " is closed"));
                    return;
                }
                sink.ping(callback);
                return;
            }
            ClassLoader caller = enterLeanContext();
            try {
                session.getAsyncRemote().sendPing(EMPTY.duplicate());
            } finally {
                Thread.currentThread().setContextClassLoader(caller);
            }
            callback.completed();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
    }

    @Override
    public void close(CloseCode code) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), code.reason()));
        } catch (IOException | RuntimeException e) {
            // The connection is already broken; the container reports the close through @OnClose/@OnError.
            LOG.debug("Closing session {} with {} failed: {}", session.getId(), code.code(), e.toString());
        }
    }
}
