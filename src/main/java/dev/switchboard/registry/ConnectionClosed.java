package dev.switchboard.registry;

import java.util.Set;

/**
 * CDI event fired once per connection, last in its close path: it has left every index and its outbox is sealed
 * (the transport close is on the send pool). Fired on the closing thread, which may be an I/O thread: observers
 * must not block, and hand slow work off (presence {@code leave} events go out from the send pool).
 *
 * @param connection the connection, already marked closed
 * @param channels   the channels it was subscribed to when it closed
 * @param code       the close code the hub sent, or the peer's code (1006 when the transport simply vanished)
 */
public record ConnectionClosed(Connection connection, Set<String> channels, int code) {
}
