package dev.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority made at test time with the JDK's {@code keytool} in a directory the test owns
 * (a {@code @TempDir}): server and client certificates it signs, as PKCS#12 files, and client SSL contexts
 * trusting it. Nothing secret is committed; every file has the password {@link #PASSWORD}. Not thread-safe.
 */
public final class TestCertificates {

    /** The password of every store this class writes. */
    public static final String PASSWORD = "throwaway-test-password";

    private final Path dir;
    private final String name;
    private final Path caStore;
    private final Path caPem;

    private TestCertificates(Path dir, String name) {
        this.dir = dir;
        this.name = name;
        this.caStore = dir.resolve(name + "-ca.p12");
        this.caPem = dir.resolve(name + "-ca.pem");
    }

    /** Makes a new CA named {@code name} (its subject is {@code CN=<name>}) in {@code dir}. */
    public static TestCertificates authority(Path dir, String name) {
        TestCertificates ca = new TestCertificates(dir, name);
        ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + name, "-ext", "bc:c", "-validity", "2", "-keystore", ca.caStore.toString());
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.caStore.toString(), "-file",
                ca.caPem.toString());
        return ca;
    }

    /** @return a PKCS#12 store with a key, a certificate for 127.0.0.1 and localhost, and the CA's certificate */
    public Path server() {
        return issue("server", "localhost", "serverAuth", "san=ip:127.0.0.1,dns:localhost");
    }

    /** @return a PKCS#12 store with a key and a client certificate whose subject is {@code CN=<cn>} */
    public Path client(String cn) {
        return issue("client-" + cn, cn, "clientAuth", null);
    }

    /** A server's certificate (with its chain), its PKCS#8 private key and the CA's certificate, as PEM files. */
    public record ServerPem(Path certificate, Path key, Path ca) {
    }

    /**
     * @return {@link #server()}'s certificate and key written as PEM files (for servers such as redis-server that
     *         read PEM, written here in Java: no openssl needed), with this CA's certificate
     */
    public ServerPem serverPem() {
        try {
            KeyStore store = load(server());
            Key key = store.getKey("server", PASSWORD.toCharArray());
            StringBuilder chain = new StringBuilder();
            for (Certificate certificate : store.getCertificateChain("server")) {
                chain.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
            Path certificate = dir.resolve(name + "-server-chain.pem");
            Path keyFile = dir.resolve(name + "-server-key.pem");
            Files.writeString(certificate, chain, StandardCharsets.US_ASCII);
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            return new ServerPem(certificate, keyFile, caPem);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** @return a PKCS#12 trust store holding this CA's certificate only */
    public Path truststore() {
        Path store = dir.resolve(name + "-trust.p12");
        if (!Files.exists(store)) {
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore",
                    store.toString());
        }
        return store;
    }

    /** @return a client context trusting this CA, presenting the key in {@code keystore} (null: no certificate) */
    public SSLContext clientContext(Path keystore) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(truststore()));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keystore == null ? null : load(keystore), PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keystore == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path issue(String alias, String cn, String usage, String san) {
        Path store = dir.resolve(name + "-" + alias + ".p12");
        Path csr = dir.resolve(name + "-" + alias + ".csr");
        Path pem = dir.resolve(name + "-" + alias + ".pem");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn,
                "-validity", "2", "-keystore", store.toString());
        keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-file", csr.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore",
                caStore.toString(), "-infile", csr.toString(), "-outfile", pem.toString(), "-validity", "2",
                "-ext", "eku=" + usage));
        if (san != null) {
            gencert.addAll(List.of("-ext", san));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore",
                store.toString());
        keytool("-importcert", "-alias", alias, "-file", pem.toString(), "-keystore", store.toString());
        return store;
    }

    private static KeyStore load(Path file) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
