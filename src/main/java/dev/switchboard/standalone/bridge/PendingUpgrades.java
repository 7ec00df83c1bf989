package dev.switchboard.standalone.bridge;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

import jakarta.websocket.server.HandshakeRequest;

/**
 * Hands each upgrade's {@link BridgedConnection} from the {@link TyrusBridgeFilter} to the endpoint configurator
 * running inside the same {@code engine.upgrade} call, which offers it to the session as its
 * {@link dev.switchboard.endpoint.FrameSink}. Keyed by the identity of the upgrade request object the filter built
 * (Tyrus passes that very object to {@code modifyHandshake}), so no client header can select another connection.
 * One per hub; thread-safe; an entry lives only for the duration of one handshake.
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
