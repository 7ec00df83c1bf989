package dev.switchboard.standalone.bridge;

import java.util.List;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;

import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.core.RequestContext;

import dev.switchboard.admission.AdmissionDecision;
import dev.switchboard.endpoint.HandshakeRefusal;

/**
 * The standalone runtime's {@link HandshakeRefusal}: a plain HTTP status, empty body, {@code Connection: close},
 * no upgrade headers, through Tyrus's {@link HandshakeException}. Stateless and thread-safe.
 * See docs/design-notes.md, "Refusing a handshake".
 */
final class TyrusHandshakeRefusal implements HandshakeRefusal {

    @Override
    public void refuse(HandshakeResponse response, AdmissionDecision decision) {
        var headers = response.getHeaders();
        headers.keySet().removeIf(k -> k.equalsIgnoreCase("Upgrade") || k.equalsIgnoreCase("Sec-WebSocket-Accept")
                || k.equalsIgnoreCase("Connection"));
        headers.put("Connection", List.of("close"));
        headers.put("Content-Length", List.of("0"));
        if (decision.wwwAuthenticate() != null) {
            headers.put("WWW-Authenticate", List.of(decision.wwwAuthenticate()));
        }
        if (decision.retryAfterSeconds() > 0) {
            headers.put("Retry-After", List.of(Integer.toString(decision.retryAfterSeconds())));
        }
        throw TyrusHandshakeRefusal.<RuntimeException>sneaky(new HandshakeException(decision.status(), decision.reason()));
    }

    @Override
    public String remoteAddress(HandshakeRequest request) {
        if (request instanceof RequestContext context && context.getRemoteAddr() != null) {
            return context.getRemoteAddr();
        }
        return "unknown";
    }

    // HandshakeException is checked, but modifyHandshake declares none: rethrow it unchecked, as Tyrus expects.
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
