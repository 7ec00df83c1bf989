package dev.switchboard.endpoint;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.admission.AdmissionDecision;

/**
 * How a WebSocket runtime refuses a handshake with a plain HTTP status, and where it keeps the peer's address: the
 * Jakarta WebSocket API has no portable way to do either. Used by {@link CdiConfigurator} when no admission filter
 * judged the request first; the standalone runtime supplies Tyrus's, {@link #PORTABLE} is the fallback.
 */
public interface HandshakeRefusal {

    /** Fails the handshake with an exception the runtime turns into an error response; the address is unknown. */
    HandshakeRefusal PORTABLE = new HandshakeRefusal() {
        private static final Logger LOG = LoggerFactory.getLogger(HandshakeRefusal.class);

        @Override
        public void refuse(HandshakeResponse response, AdmissionDecision decision) {
            LOG.warn("Handshake refused ({} {}) without an admission filter in front of the endpoint: the server "
                    + "answers with its own error status (see docs/embedding.md)", decision.status(),
                    decision.reason());
            throw new IllegalStateException("Handshake refused: " + decision.reason());
        }

        @Override
        public String remoteAddress(HandshakeRequest request) {
            return "unknown";
        }
    };

    /**
     * Refuses the handshake being negotiated. Never returns normally.
     *
     * @param response the response the runtime is about to send
     * @param decision why, and with which status
     */
    void refuse(HandshakeResponse response, AdmissionDecision decision);

    /** @return the peer's IP address as the runtime saw it, or {@code unknown} */
    String remoteAddress(HandshakeRequest request);
}
