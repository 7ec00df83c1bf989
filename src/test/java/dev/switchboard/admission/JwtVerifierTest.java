package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;

import dev.switchboard.admission.InvalidTokenException.Reason;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.JwtSettings;
import dev.switchboard.registry.Identity;
import dev.switchboard.testing.FakeWallClock;
import dev.switchboard.testing.Tokens;

/** {@link JwtVerifier} against each hostile token, on a wall clock the test moves. */
class JwtVerifierTest {

    /** A whole second, as {@code exp} is. */
    private static final Instant EXP = Instant.parse("2030-01-01T00:00:00Z");

    private final FakeWallClock clock = new FakeWallClock(EXP.minusSeconds(60));

    @TempDir
    Path dir;

    private static JwtSettings secret(String secret, int skew) {
        return new JwtSettings(Optional.of(secret), Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(2), Optional.empty(), Optional.empty(), Duration.ofSeconds(skew));
    }

    private static JwtSettings withClaims(String issuer, String audience) {
        return new JwtSettings(Optional.of(Tokens.SECRET), Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(2), Optional.ofNullable(issuer), Optional.ofNullable(audience),
                Duration.ZERO);
    }

    private static JwtSettings publicKey(Path pem) {
        return new JwtSettings(Optional.empty(), Optional.of(pem), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(2), Optional.empty(), Optional.empty(), Duration.ZERO);
    }

    private JwtVerifier hs(int skew) {
        return new JwtVerifier(secret(Tokens.SECRET, skew), clock);
    }

    private static String token(String sub) {
        return Tokens.hs256(Tokens.SECRET, Tokens.claims(sub, EXP).jwtID("j-1").claim("channels",
                List.of("chat:*")).build());
    }

    private static void assertRefused(JwtVerifier verifier, String token, Reason reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class)
                .satisfies(e -> assertThat(((InvalidTokenException) e).reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token == null || token.isEmpty() ? "\0"
                        : token));
    }

    @Test
    void aValidTokenGivesTheSubjectItsClaimsExpiryAndJti() throws Exception {
        Identity id = hs(30).verify(token("alice"));
        assertThat(id.user()).isEqualTo("alice");
        assertThat(id.authenticated()).isTrue();
        assertThat(id.expiresAt()).isEqualTo(EXP);
        assertThat(id.jti()).isEqualTo("j-1");
        assertThat(id.claims()).containsKey("channels").containsEntry("sub", "alice");
        assertThat(id.toString()).doesNotContain("chat:*");
    }

    @Test
    void forgedTamperedAndUnsignedTokensAreRefused() {
        String good = token("alice");
        assertRefused(hs(30), Tokens.forged(good), Reason.SIGNATURE);
        assertRefused(hs(30), Tokens.tampered(good, p -> p.replace("alice", "admin")), Reason.SIGNATURE);
        assertRefused(hs(30), Tokens.algNone(Tokens.claims("alice", EXP).build()), Reason.UNSIGNED);
        assertRefused(hs(30), Tokens.hs256("another-secret-of-at-least-32-bytes!", Tokens.claims("alice", EXP)
                .build()), Reason.SIGNATURE);
        assertRefused(hs(30), "not.a.jwt", Reason.MALFORMED);
        assertRefused(hs(30), "garbage", Reason.MALFORMED);
        assertRefused(hs(30), "", Reason.MISSING);
        assertRefused(hs(30), null, Reason.MISSING);
    }

    @Test
    void anRsaTokenAgainstASecretAndAnHmacTokenAgainstAnRsaKeyAreRefused() throws Exception {
        RSAKey rsa = Tokens.rsaKey("k1");
        assertRefused(hs(30), Tokens.rs256(rsa, Tokens.claims("alice", EXP).build()), Reason.SIGNATURE);
        Path pem = Files.writeString(dir.resolve("rsa.pem"), Tokens.pem(rsa.toPublicKey()));
        JwtVerifier verifier = new JwtVerifier(publicKey(pem), clock);
        assertThat(verifier.describe()).contains("RSA");
        assertThat(verifier.verify(Tokens.rs256(rsa, Tokens.claims("alice", EXP).build())).user())
                .isEqualTo("alice");
        // An HS256 token whose "secret" is anything the attacker likes, e.g. the public key's bytes.
        assertRefused(verifier, Tokens.hs256(Tokens.pem(rsa.toPublicKey()), Tokens.claims("alice", EXP).build()),
                Reason.SIGNATURE);
        assertRefused(verifier, Tokens.rs256(Tokens.rsaKey("k2"), Tokens.claims("alice", EXP).build()),
                Reason.SIGNATURE);
    }

    @Test
    void anEcPublicKeyAndAJwksFileVerifyTheirOwnTokens() throws Exception {
        ECKey ec = Tokens.ecKey("e1");
        Path pem = Files.writeString(dir.resolve("ec.pem"), Tokens.pem(ec.toPublicKey()));
        JwtVerifier byPem = new JwtVerifier(publicKey(pem), clock);
        assertThat(byPem.verify(Tokens.es256(ec, Tokens.claims("bob", EXP).build())).user()).isEqualTo("bob");
        assertRefused(byPem, Tokens.rs256(Tokens.rsaKey("r"), Tokens.claims("bob", EXP).build()),
                Reason.SIGNATURE);

        RSAKey rsa = Tokens.rsaKey("r1");
        Path jwks = Files.writeString(dir.resolve("jwks.json"), new JWKSet(List.of(rsa.toPublicJWK(),
                ec.toPublicJWK())).toString());
        JwtVerifier byJwks = new JwtVerifier(new JwtSettings(Optional.empty(), Optional.empty(),
                Optional.of(jwks), Optional.empty(), Duration.ofSeconds(2), Optional.empty(), Optional.empty(),
                Duration.ZERO), clock);
        assertThat(byJwks.verify(Tokens.rs256(rsa, Tokens.claims("carol", EXP).build())).user())
                .isEqualTo("carol");
        assertThat(byJwks.verify(Tokens.es256(ec, Tokens.claims("dave", EXP).build())).user()).isEqualTo("dave");
        assertRefused(byJwks, token("eve"), Reason.SIGNATURE);
    }

    @Test
    void skewZeroMeansExactlyExp() throws Exception {
        JwtVerifier verifier = hs(0);
        clock.set(EXP.minusMillis(1));
        assertThat(verifier.verify(token("alice")).user()).isEqualTo("alice");
        clock.set(EXP);
        assertRefused(verifier, token("alice"), Reason.EXPIRED);
    }

    @Test
    void theSkewExtendsExpByItsSeconds() throws Exception {
        JwtVerifier verifier = hs(30);
        clock.set(EXP.plusSeconds(30).minusMillis(1));
        assertThat(verifier.verify(token("alice")).user()).isEqualTo("alice");
        clock.set(EXP.plusSeconds(30));
        assertRefused(verifier, token("alice"), Reason.EXPIRED);
    }

    @Test
    void aTokenNotYetValidIsRefusedUntilNbf() throws Exception {
        Instant nbf = EXP.minusSeconds(10);
        String token = Tokens.hs256(Tokens.SECRET, Tokens.claims("alice", EXP).notBeforeTime(Date.from(nbf))
                .build());
        JwtVerifier verifier = hs(0);
        clock.set(nbf.minusSeconds(1));
        assertRefused(verifier, token, Reason.NOT_YET_VALID);
        clock.set(nbf.plusMillis(1));
        assertThat(verifier.verify(token).user()).isEqualTo("alice");
    }

    @Test
    void missingSubOrExpAndWrongIssuerOrAudienceAreRefused() throws Exception {
        assertRefused(hs(30), Tokens.hs256(Tokens.SECRET, Tokens.claims(null, EXP).build()), Reason.CLAIMS);
        assertRefused(hs(30), Tokens.hs256(Tokens.SECRET, Tokens.claims(" ", EXP).build()), Reason.CLAIMS);
        assertRefused(hs(30), Tokens.hs256(Tokens.SECRET, new JWTClaimsSet.Builder().subject("alice").build()),
                Reason.CLAIMS);
        JwtVerifier checked = new JwtVerifier(withClaims("https://idp", "switchboard"), clock);
        JWTClaimsSet.Builder right = Tokens.claims("alice", EXP).issuer("https://idp").audience("switchboard");
        assertThat(checked.verify(Tokens.hs256(Tokens.SECRET, right.build())).user()).isEqualTo("alice");
        assertRefused(checked, Tokens.hs256(Tokens.SECRET, Tokens.claims("alice", EXP).issuer("https://evil")
                .audience("switchboard").build()), Reason.CLAIMS);
        assertRefused(checked, Tokens.hs256(Tokens.SECRET, Tokens.claims("alice", EXP).issuer("https://idp")
                .audience("other").build()), Reason.CLAIMS);
        assertRefused(checked, Tokens.hs256(Tokens.SECRET, Tokens.claims("alice", EXP).audience("switchboard")
                .build()), Reason.CLAIMS);
        assertRefused(checked, Tokens.hs256(Tokens.SECRET, Tokens.claims("alice", EXP).issuer("https://idp")
                .build()), Reason.CLAIMS);
    }

    @Test
    void anUnreadablePublicKeyFileStopsStartUpNamingTheKey() throws IOException {
        Path garbage = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n"
                + "-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> new JwtVerifier(publicKey(garbage), clock)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.jwt.public.key.file");
        assertThatThrownBy(() -> new JwtVerifier(publicKey(dir.resolve("missing.pem")), clock))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot be read");
    }
}
