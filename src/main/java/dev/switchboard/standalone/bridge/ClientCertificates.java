package dev.switchboard.standalone.bridge;

import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ssl.SSLUtils;

/**
 * The client certificate of a TLS connection as a user: its subject, which becomes the upgrade request's user
 * principal, and that subject's common name (CN), the user under {@code auth.mode=mtls}. Stateless.
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

    /** @return the most specific CN of a certificate subject; empty if {@code principal} is not one or has none */
    public static Optional<String> commonName(Principal principal) {
        if (!(principal instanceof X500Principal subject)) {
            return Optional.empty();
        }
        try {
            List<Rdn> rdns = new LdapName(subject.getName(X500Principal.RFC2253)).getRdns();
            // LdapName lists the RDNs from the least specific (rightmost in the string) to the most specific.
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdns.get(i).getValue().toString())
                            .filter(cn -> !cn.isBlank());
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
