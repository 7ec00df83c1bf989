package dev.switchboard.registry;

import java.util.Set;

/**
 * CDI event fired once per connection, after it left every index of the registry.
 *
 * @param connection the connection, already marked closed
 * @param channels   the channels it was subscribed to when it closed
 * @param code       the close code the hub sent, or the peer's code (1006 when the transport simply vanished)
 */
public record ConnectionClosed(Connection connection, Set<String> channels, int code) {
}
