package dev.switchboard.endpoint;

import dev.switchboard.registry.Connection;

/**
 * Receives the whole text messages, each within {@code max.message.bytes}, of an application's own endpoint opened
 * with {@code Endpoints.open}: one at a time per session, on the container's thread. A runtime exception thrown
 * here is logged once with the connection id and closes that connection with 1011.
 */
@FunctionalInterface
public interface TextListener {

    /** @param text a complete text message from the client of {@code connection} */
    void onText(Connection connection, String text);
}
