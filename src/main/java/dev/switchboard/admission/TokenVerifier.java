package dev.switchboard.admission;

import dev.switchboard.registry.Identity;

/** Verifies a bearer token and says who it names. Implementations are thread-safe. */
public interface TokenVerifier {

    /**
     * @param token the token as the client sent it (never logged)
     * @return the verified, authenticated identity: user ({@code sub}), claims, expiry, {@code jti}
     * @throws InvalidTokenException when the token must be refused; its message never contains the token
     */
    Identity verify(String token) throws InvalidTokenException;
}
