package dev.switchboard.standalone.bridge;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

import jakarta.websocket.server.HandshakeRequest;

/**
 * Hands each upgrade's {@link BridgedConnection} from the {@link TyrusBridgeFilter} to the configurator in the
 * same {@code engine.upgrade} call, keyed by the request object's identity. One per hub; thread-safe; an entry
 * lives for one handshake. See docs/design-notes.md, "The Grizzly–Tyrus bridge".
 */
public final class PendingUpgrades {

    private final Map<HandshakeRequest, BridgedConnection> pending =
            Collections.synchronizedMap(new IdentityHashMap<>());

    void begin(HandshakeRequest request, BridgedConnection connection) {
        pending.put(request, connection);
    }

    /** @return the connection being upgraded by this request, or null if the request is not one of ours */
    BridgedConnection find(HandshakeRequest request) {
        return pending.get(request);
    }

    void end(HandshakeRequest request) {
        pending.remove(request);
    }
}
