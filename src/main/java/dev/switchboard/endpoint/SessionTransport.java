package dev.switchboard.endpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.outbox.Transport;
import dev.switchboard.outbox.WriteCallback;
import dev.switchboard.protocol.CloseCode;
import dev.switchboard.protocol.OutboundFrame;

/**
 * {@link Transport} over a {@code jakarta.websocket} session, with asynchronous sends only; text frames and pings
 * go through the runtime's {@link FrameSink} when it offers one, the close always through the session.
 * Thread-safe. See docs/design-notes.md, "Direct frame writes and bounded closes".
 */
final class SessionTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTransport.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Session session;
    private final FrameSink sink;

    /** @param sink the runtime's direct writer for this session, or null to send through the session */
    SessionTransport(Session session, FrameSink sink) {
        this.session = session;
        this.sink = sink;
    }

    @Override
    public int maxFramesPerWrite() {
        return sink != null ? Math.max(1, sink.maxFramesPerWrite()) : 1;
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
            session.getAsyncRemote().sendText(frames.get(0).text(), result -> {
                if (result.isOK()) {
                    callback.completed();
                } else {
                    callback.failed(result.getException());
                }
            });
        } catch (RuntimeException e) {
            callback.failed(e);
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
            session.getAsyncRemote().sendPing(EMPTY.duplicate());
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
