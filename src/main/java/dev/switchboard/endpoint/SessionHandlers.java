package dev.switchboard.endpoint;

import java.nio.ByteBuffer;

import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

/**
 * The message handlers of one session opened by {@link Endpoints}: text within {@code max.message.bytes}, binary
 * refused, pongs as liveness; registered on the session or fed by the endpoint's {@code @OnMessage} methods. Rides
 * in the session's user properties; a session's messages arrive one at a time.
 */
record SessionHandlers(SizeLimitedTextHandler text, BinaryRejectingHandler binary, MessageHandler.Whole<PongMessage> pong) {

    private static final String KEY = "switchboard.inbound";

    void attach(Session session, Endpoints.Delivery delivery) {
        session.getUserProperties().put(KEY, this);
        if (delivery == Endpoints.Delivery.HANDLERS) {
            session.addMessageHandler(String.class, text);
            session.addMessageHandler(ByteBuffer.class, binary);
            session.addMessageHandler(PongMessage.class, pong);
        }
    }

    /** @return the session's handlers, or null if it was never opened (refused, or opening failed) */
    static SessionHandlers of(Session session) {
        return session.getUserProperties().get(KEY) instanceof SessionHandlers in ? in : null;
    }
}
