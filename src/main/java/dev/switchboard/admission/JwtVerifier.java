package dev.switchboard.admission;

import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;

import dev.switchboard.admission.InvalidTokenException.Reason;
import dev.switchboard.config.JwtSettings;
import dev.switchboard.registry.Identity;

/**
 * Verifies signed JWTs with Nimbus JOSE+JWT: the signature with the one configured key source (algorithms of its
 * family only; unsigned tokens refused), then the claims: {@code sub} and {@code exp} required, {@code exp} and
 * {@code nbf} within the clock skew, {@code iss} and {@code aud} when configured. Thread-safe.
 */
public final class JwtVerifier implements TokenVerifier {

    /** The longest {@code sub} accepted as a user name, in characters. */
    static final int MAX_SUBJECT_LENGTH = 256;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String describe;

    /**
     * @param jwt   the {@code auth.jwt.*} settings, with exactly one key source
     * @param clock the wall clock {@code exp} and {@code nbf} are judged by
     * @throws dev.switchboard.config.ConfigException naming the key when the key source cannot be used
     */
    public JwtVerifier(JwtSettings jwt, Clock clock) {
        JwtKeys keys = JwtKeys.from(jwt);
        this.describe = keys.describe();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(keys.algorithms(), keys.source()));
        processor.setJWTClaimsSetVerifier(claimsVerifier(jwt, clock));
    }

    private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(JwtSettings jwt, Clock clock) {
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        jwt.issuer().ifPresent(exact::issuer);
        Set<String> required = new HashSet<>(Set.of(JWTClaimNames.SUBJECT, JWTClaimNames.EXPIRATION_TIME));
        jwt.issuer().ifPresent(i -> required.add(JWTClaimNames.ISSUER));
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                jwt.audience().map(Set::of).orElse(null), exact.build(), required, null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        verifier.setMaxClockSkew((int) jwt.clockSkew().toSeconds());
        return verifier;
    }

    /** @return the key source, for the start-up log (no secret) */
    public String describe() {
        return describe;
    }

    @Override
    public Identity verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException(Reason.MISSING);
        }
        JWTClaimsSet claims;
        try {
            JWT jwt = JWTParser.parse(token);
            if (!(jwt instanceof SignedJWT signed)) {
                throw new InvalidTokenException(Reason.UNSIGNED); // alg:none, or an encrypted token
            }
            claims = processor.process(signed, null);
        } catch (ParseException e) {
            throw new InvalidTokenException(Reason.MALFORMED);
        } catch (ExpiredJWTException e) {
            throw new InvalidTokenException(Reason.EXPIRED);
        } catch (BadJWTException e) {
            throw new InvalidTokenException("JWT before use time".equals(e.getMessage()) ? Reason.NOT_YET_VALID
                    : Reason.CLAIMS);
        } catch (BadJOSEException e) {
            // An invalid signature, or no key for the token's algorithm (a family the key source is not for).
            throw new InvalidTokenException(Reason.SIGNATURE);
        } catch (KeySourceException e) {
            throw new InvalidTokenException(Reason.KEY_SOURCE);
        } catch (JOSEException | RuntimeException e) {
            // e.g. an HMAC secret too short for HS512, or a curve the JDK lacks: the token cannot be verified.
            throw new InvalidTokenException(Reason.SIGNATURE);
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank() || sub.length() > MAX_SUBJECT_LENGTH) {
            throw new InvalidTokenException(Reason.CLAIMS);
        }
        return new Identity(sub, true, claims.getClaims(), claims.getExpirationTime().toInstant(),
                claims.getJWTID());
    }
}
