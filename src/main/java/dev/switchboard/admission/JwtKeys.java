package dev.switchboard.admission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.JwtSettings;

/**
 * The one configured key source and the algorithms it may verify: an HMAC secret only HS256/384/512, an RSA key
 * RS* and PS*, an EC key ES*, a JWK set RSA and EC. A token signed with another family is refused whatever its
 * header says. Immutable. Failures name the key, never its content.
 *
 * @param source     where the verification keys come from
 * @param algorithms the accepted {@code alg} values
 * @param describe   the key source for the start-up log (no secret)
 */
record JwtKeys(JWKSource<SecurityContext> source, Set<JWSAlgorithm> algorithms, String describe) {

    /** The largest JWK set accepted from a URL, in bytes. */
    static final int JWKS_SIZE_LIMIT = 256 * 1024;
    /** How long a fetched JWK set is used before it is fetched again. */
    static final long JWKS_TTL_MILLIS = 5 * 60_000L;
    /** The shortest interval between two fetches forced by unknown {@code kid}s. */
    static final long JWKS_MIN_REFETCH_MILLIS = 10_000L;

    static JwtKeys from(JwtSettings jwt) {
        if (jwt.secret().isPresent()) {
            byte[] secret = jwt.secret().get().getBytes(StandardCharsets.UTF_8);
            return new JwtKeys(only(new OctetSequenceKey.Builder(secret).build()), JWSAlgorithm.Family.HMAC_SHA,
                    "auth.jwt.secret (HS256/384/512)");
        }
        if (jwt.publicKeyFile().isPresent()) {
            JWK key = pem(jwt.publicKeyFile().get());
            Set<JWSAlgorithm> algs = key instanceof RSAKey ? JWSAlgorithm.Family.RSA : JWSAlgorithm.Family.EC;
            return new JwtKeys(only(key), algs,
                    "auth.jwt.public.key.file (" + key.getKeyType() + ")");
        }
        if (jwt.jwksFile().isPresent()) {
            return new JwtKeys(new ImmutableJWKSet<>(jwksFile(jwt.jwksFile().get())), asymmetric(),
                    "auth.jwt.jwks.file");
        }
        return new JwtKeys(remote(jwt), asymmetric(), "auth.jwt.jwks.url " + jwt.jwksUrl().orElseThrow());
    }

    /** The one configured key, whatever {@code kid} a token names: the algorithm family still has to match. */
    private static JWKSource<SecurityContext> only(JWK key) {
        List<JWK> keys = List.of(key);
        return (selector, context) -> keys;
    }

    private static Set<JWSAlgorithm> asymmetric() {
        Set<JWSAlgorithm> algs = new HashSet<>(JWSAlgorithm.Family.RSA);
        algs.addAll(JWSAlgorithm.Family.EC);
        return Set.copyOf(algs);
    }

    /** Fetched on first use, cached, fetched again for an unknown {@code kid} (rate-limited); with timeouts. */
    private static JWKSource<SecurityContext> remote(JwtSettings jwt) {
        int timeout = (int) jwt.jwksTimeout().toMillis();
        try {
            return JWKSourceBuilder.<SecurityContext>create(jwt.jwksUrl().orElseThrow().toURL(),
                            new DefaultResourceRetriever(timeout, timeout, JWKS_SIZE_LIMIT))
                    .cache(JWKS_TTL_MILLIS, timeout)
                    .refreshAheadCache(false)
                    .rateLimited(JWKS_MIN_REFETCH_MILLIS)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new ConfigException("auth.jwt.jwks.url", "is not a URL");
        }
    }

    private static JWKSet jwksFile(Path file) {
        try {
            return JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("auth.jwt.jwks.file", "cannot be read: " + file);
        } catch (java.text.ParseException e) {
            throw new ConfigException("auth.jwt.jwks.file", "is not a JSON Web Key Set: " + file);
        }
    }

    /** A PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) or {@code CERTIFICATE}, RSA or EC. */
    private static JWK pem(Path file) {
        String key = "auth.jwt.public.key.file";
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException(key, "cannot be read: " + file);
        }
        try {
            PublicKey publicKey;
            if (text.contains("-----BEGIN CERTIFICATE-----")) {
                publicKey = CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))
                        .getPublicKey();
            } else if (text.contains("-----BEGIN PUBLIC KEY-----")) {
                publicKey = decode(base64Body(text, "PUBLIC KEY"));
            } else {
                throw new ConfigException(key, "must hold a PEM PUBLIC KEY or CERTIFICATE: " + file);
            }
            if (publicKey instanceof RSAPublicKey rsa) {
                return new RSAKey.Builder(rsa).build();
            }
            if (publicKey instanceof ECPublicKey ec) {
                return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
            }
            throw new ConfigException(key, "must be an RSA or EC key: " + file);
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(key, "is not a usable RSA or EC public key: " + file);
        }
    }

    private static byte[] base64Body(String pem, String label) {
        int start = pem.indexOf("-----BEGIN " + label + "-----") + ("-----BEGIN " + label + "-----").length();
        int end = pem.indexOf("-----END " + label + "-----");
        if (end < start) {
            throw new IllegalArgumentException("no PEM end line");
        }
        return Base64.getMimeDecoder().decode(pem.substring(start, end));
    }

    private static PublicKey decode(byte[] der) throws GeneralSecurityException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }
}
