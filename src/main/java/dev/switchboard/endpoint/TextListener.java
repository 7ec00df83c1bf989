package dev.switchboard.endpoint;

import dev.switchboard.registry.Connection;

/**
 * Receives the whole text messages of an application's own endpoint, opened with
 * {@link Endpoints#open(jakarta.websocket.Session, TextListener)}. Called on the container's thread for the session,
 * one message at a time per session; a message is already within {@code max.message.bytes}. A runtime exception
 * thrown here is logged once with the connection id and closes that connection with 1011.
 */
@FunctionalInterface
public interface TextListener {

    /** @param text a complete text message from the client of {@code connection} */
    void onText(Connection connection, String text);
}
