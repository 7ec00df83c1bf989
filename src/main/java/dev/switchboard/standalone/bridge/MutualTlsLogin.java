package dev.switchboard.standalone.bridge;

import java.util.Optional;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.switchboard.admission.AdmissionDecision;
import dev.switchboard.endpoint.HandshakeInfo;
import dev.switchboard.endpoint.HandshakeRefusal;
import dev.switchboard.metrics.HubMetrics;

/**
 * {@code auth.mode=mtls} at the handshake: the user is the subject CN of the client's verified TLS certificate
 * (the upgrade request's user principal, see {@link ClientCertificates}); a handshake without one is refused with
 * 401, counted as {@code reason="auth"}. Runs after admission accepted the handshake. Stateless; thread-safe.
 */
final class MutualTlsLogin {

    private final HubMetrics metrics;
    private final HandshakeRefusal refusal;

    MutualTlsLogin(HubMetrics metrics, HandshakeRefusal refusal) {
        this.metrics = metrics;
        this.refusal = refusal;
    }

    /** Replaces the accepted handshake's user with the certificate's CN, or refuses the handshake. */
    void login(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Optional<String> user = ClientCertificates.commonName(request.getUserPrincipal());
        if (user.isEmpty()) {
            metrics.handshakeRefused("auth");
            refusal.refuse(response, new AdmissionDecision(401, "Client certificate required", "auth", 0, null));
            return;
        }
        HandshakeInfo info = (HandshakeInfo) config.getUserProperties().get(HandshakeInfo.KEY);
        config.getUserProperties().put(HandshakeInfo.KEY,
                new HandshakeInfo(user.get(), info.remoteAddress(), info.traceId()));
    }
}
