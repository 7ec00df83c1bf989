package dev.switchboard.endpoint;

import java.io.IOException;
import java.nio.ByteBuffer;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.outbox.Transport;
import dev.switchboard.outbox.WriteCallback;
import dev.switchboard.protocol.CloseCode;

/**
 * {@link Transport} over a {@code jakarta.websocket} session, using only asynchronous sends. The outbox guarantees
 * that at most one write is in flight, so the container's "one message at a time" rule always holds.
 */
final class SessionTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTransport.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Session session;

    SessionTransport(Session session) {
        this.session = session;
    }

    @Override
    public void sendText(String text, WriteCallback callback) {
        try {
            session.getAsyncRemote().sendText(text, result -> {
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
