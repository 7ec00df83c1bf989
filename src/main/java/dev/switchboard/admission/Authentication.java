package dev.switchboard.admission;

import java.security.Principal;
import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.config.AuthMode;
import dev.switchboard.config.HubConfig;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.registry.Identity;

/**
 * Who a handshake is, by {@code auth.mode}: anonymous ({@code none}), a verified bearer token's subject ({@code jwt}),
 * a verified client certificate's CN ({@code mtls}) or the server's authenticated principal ({@code container}).
 * Built at start-up: a bad key source stops the hub. Thread-safe. See docs/security.md, "Authentication".
 */
@ApplicationScoped
public class Authentication {

    private static final Logger LOG = LoggerFactory.getLogger(Authentication.class);

    private final AuthMode mode;
    private final Optional<JwtVerifier> tokens;
    private final HubMetrics metrics;
    private final Revocations revocations;

    @Inject
    public Authentication(HubConfig config, Clock clock, HubMetrics metrics, Revocations revocations) {
        this.metrics = metrics;
        this.revocations = revocations;
        this.mode = config.auth().mode();
        this.tokens = mode == AuthMode.JWT ? Optional.of(new JwtVerifier(config.auth().jwt(), clock))
                : Optional.empty();
    }

    /** For CDI proxies only. */
    protected Authentication() {
        this.mode = null;
        this.tokens = null;
        this.metrics = null;
        this.revocations = null;
    }

    /**
     * Says who may connect, once, when the runtime starts the hub ({@code StandaloneHub}; in a server
     * {@code ContainerLifecycle}, after the WAR's settings are read); the first call builds the bean, so a bad key
     * source fails start-up.
     */
    public void announce() {
        if (mode == AuthMode.NONE) {
            LOG.warn("auth.mode=none: anyone who reaches this hub may connect, as an anonymous user; set "
                    + "auth.mode (docs/security.md) before exposing it");
        } else {
            LOG.info("Authentication: auth.mode={}{}", mode.word(),
                    tokens.map(t -> ", tokens verified with " + t.describe()).orElse(""));
        }
    }

    /** @return the configured mode */
    public AuthMode mode() {
        return mode;
    }

    /**
     * @param token     the bearer token of the handshake ({@link BearerToken}), or null
     * @param principal the handshake's authenticated principal: standalone the verified client certificate's
     *                  subject, in a server its login; or null
     * @return the identity to admit
     * @throws InvalidTokenException when the handshake must be refused with 401
     */
    public Identity authenticate(String token, Principal principal) throws InvalidTokenException {
        return switch (mode) {
            case NONE -> Identity.anonymous();
            case JWT -> tokens.orElseThrow().verify(token);
            case MTLS -> Identity.named(CertificateNames.commonName(principal)
                    .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Reason.MISSING)));
            case CONTAINER -> {
                if (principal == null || principal.getName() == null || principal.getName().isBlank()) {
                    throw new InvalidTokenException(InvalidTokenException.Reason.MISSING);
                }
                yield Identity.named(principal.getName());
            }
        };
    }

    /**
     * The handshake's second step, after {@link Admission} let it through: who is it? A refusal is a 401, counted
     * as {@code reason="auth"} and logged at DEBUG with a fixed reason (never the token).
     *
     * @param token         the bearer token ({@link BearerToken#from}), or null
     * @param principal     the handshake's authenticated principal, or null (see {@link #authenticate})
     * @param remoteAddress the peer's address, for the log
     */
    public AdmissionDecision admit(String token, Principal principal, String remoteAddress) {
        try {
            Identity identity = authenticate(token, principal);
            if (identity.authenticated() && revocations.isRevoked(identity.user(), identity.jti())) {
                throw new InvalidTokenException(InvalidTokenException.Reason.REVOKED);
            }
            return AdmissionDecision.admit(identity);
        } catch (InvalidTokenException e) {
            LOG.debug("Handshake from {} refused: {}", remoteAddress, e.getMessage());
            metrics.handshakeRefused("auth");
            return AdmissionDecision.unauthorized(token != null);
        }
    }

    /** @return the token verifier in {@code jwt} mode (for {@code refresh}); empty in every other mode */
    public Optional<TokenVerifier> tokens() {
        return tokens.map(TokenVerifier.class::cast);
    }
}
