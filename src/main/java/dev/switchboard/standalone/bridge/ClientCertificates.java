package dev.switchboard.standalone.bridge;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ssl.SSLUtils;

/**
 * The client certificate of a TLS connection: its subject becomes the upgrade request's user principal, whose common
 * name is the user under {@code auth.mode=mtls} (admission.CertificateNames). Stateless.
 */
public final class ClientCertificates {

    private ClientCertificates() {
    }

    /**
     * @return the subject of the certificate the client presented and the TLS handshake verified against the trust
     *         store, or null for a plain connection or a client without one
     */
    static X500Principal subject(Connection<?> connection) {
        SSLEngine engine = SSLUtils.getSSLEngine(connection);
        if (engine == null) {
            return null;
        }
        try {
            Certificate[] chain = engine.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509
                    ? x509.getSubjectX500Principal() : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
