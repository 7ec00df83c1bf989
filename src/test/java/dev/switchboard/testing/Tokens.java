package dev.switchboard.testing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints JWTs for tests, signed with Nimbus, plus hostile ones made by hand ({@code alg:none}, a tampered payload).
 * Keys are made at test time; nothing secret is committed. Stateless.
 */
public final class Tokens {

    /** A 32-byte HS256 secret for test hubs. */
    public static final String SECRET = "test-secret-of-exactly-32-bytes!";

    private Tokens() {
    }

    /** @return claims with this {@code sub} expiring at {@code exp} (seconds precision) */
    public static JWTClaimsSet.Builder claims(String sub, Instant exp) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().expirationTime(Date.from(exp)).issueTime(new Date());
        return sub == null ? b : b.subject(sub);
    }

    /** @return an HS256 token of these claims signed with {@code secret} */
    public static String hs256(String secret, JWTClaimsSet claims) {
        return sign(new JWSHeader(JWSAlgorithm.HS256), claims, mac(secret));
    }

    /** @return an HS256 token for {@code sub} with {@link #SECRET}, valid for an hour */
    public static String hs256(String sub) {
        return hs256(SECRET, claims(sub, Instant.now().plusSeconds(3600)).build());
    }

    /** @return a token of these claims signed with {@code key} ({@code kid} from the key, when it has one) */
    public static String rs256(RSAKey key, JWTClaimsSet claims) {
        try {
            return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims,
                    new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return an ES256 token of these claims signed with {@code key} */
    public static String es256(ECKey key, JWTClaimsSet claims) {
        try {
            return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims,
                    new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return an unsigned token ({@code {"alg":"none"}}, empty signature), made by hand */
    public static String algNone(JWTClaimsSet claims) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims.toString()) + ".";
    }

    /** @return {@code token} with its payload replaced by {@code change} of it, the signature kept */
    public static String tampered(String token, UnaryOperator<String> change) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        return parts[0] + "." + b64(change.apply(payload)) + "." + parts[2];
    }

    /** @return {@code token} with the last character of its signature changed */
    public static String forged(String token) {
        int sig = token.lastIndexOf('.') + 1;
        char c = token.charAt(sig + 2);
        return token.substring(0, sig + 2) + (c == 'A' ? 'B' : 'A') + token.substring(sig + 3);
    }

    /** @return a fresh 2048-bit RSA key pair as a JWK with this {@code kid} */
    public static RSAKey rsaKey(String kid) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair pair = g.generateKeyPair();
            return new RSAKey.Builder((java.security.interfaces.RSAPublicKey) pair.getPublic())
                    .privateKey(pair.getPrivate()).keyID(kid).build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a fresh P-256 key pair as a JWK with this {@code kid} */
    public static ECKey ecKey(String kid) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            return new ECKey.Builder(Curve.P_256, (java.security.interfaces.ECPublicKey) pair.getPublic())
                    .privateKey(pair.getPrivate()).keyID(kid).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the public key as a PEM {@code PUBLIC KEY} */
    public static String pem(java.security.PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** @return the JWK's public key as a PEM {@code PUBLIC KEY} */
    public static String pem(com.nimbusds.jose.jwk.AsymmetricJWK key) {
        try {
            return pem(key.toPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSSigner mac(String secret) {
        try {
            return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
