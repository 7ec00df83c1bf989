package dev.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Tries one TLS handshake with only the given protocol enabled, in a JVM of its own started by a test with its own
 * {@code java.security} overrides (the test's JVM keeps the JDK's, which disable TLS 1.1 in the client too).
 * Prints the negotiated protocol; exits 0 if the handshake succeeded, 2 if it failed.
 */
public final class TlsProbe {

    private TlsProbe() {
    }

    /** @param args host, port, protocol, trust store (PKCS#12, password {@link TestCertificates#PASSWORD}) */
    public static void main(String[] args) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[3]))) {
            trust.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(args[0],
                Integer.parseInt(args[1]))) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {args[2]});
            socket.startHandshake();
            System.out.println("negotiated " + socket.getSession().getProtocol());
        } catch (IOException e) {
            System.out.println("handshake failed: " + e);
            System.exit(2);
        }
    }
}
