package dev.switchboard.endpoint;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.admission.Authentication;
import dev.switchboard.admission.InvalidTokenException;
import dev.switchboard.admission.TokenVerifier;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Reply;
import dev.switchboard.protocol.Request;
import dev.switchboard.registry.Connection;
import dev.switchboard.registry.Identity;
import dev.switchboard.registry.LogContext;

/**
 * {@code refresh}: a connection swaps its token for a newer one of the same user before the old one expires. An
 * invalid token, or one for another user, is {@code forbidden} and changes nothing; without token authentication
 * ({@code auth.mode} other than {@code jwt}) a refresh is a {@code bad_request}. Thread-safe.
 */
@ApplicationScoped
public class TokenRefresh {

    private static final Logger LOG = LoggerFactory.getLogger(TokenRefresh.class);

    private final Authentication authentication;

    @Inject
    public TokenRefresh(Authentication authentication) {
        this.authentication = authentication;
    }

    /** For CDI proxies only. */
    protected TokenRefresh() {
        this(null);
    }

    /**
     * @return the {@code refreshed} reply, the connection now expiring with the new token
     * @throws ProtocolException {@code forbidden} or {@code bad_request}, never naming the token
     */
    public Reply.Refreshed refresh(Connection c, Request.Refresh r) throws ProtocolException {
        TokenVerifier tokens = authentication.tokens().orElseThrow(() -> new ProtocolException(
                ErrorCode.BAD_REQUEST, "refresh needs token authentication (auth.mode=jwt)", r.id()));
        Identity next;
        try {
            next = tokens.verify(r.token());
        } catch (InvalidTokenException e) {
            log(c, e.getMessage());
            throw new ProtocolException(ErrorCode.FORBIDDEN, "Invalid token", r.id());
        }
        if (!c.refresh(next)) {
            log(c, "token for another user");
            throw new ProtocolException(ErrorCode.FORBIDDEN, "Token is for another user", r.id());
        }
        return new Reply.Refreshed(r.id(), next.expiresAt().getEpochSecond());
    }

    private static void log(Connection c, String why) {
        try (LogContext log = LogContext.of(c)) {
            LOG.debug("Refresh refused: {}", why);
        }
    }
}
