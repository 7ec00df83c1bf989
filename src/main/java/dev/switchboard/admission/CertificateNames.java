package dev.switchboard.admission;

import java.security.Principal;
import java.util.List;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** The user a verified client certificate names: its subject's most specific common name (CN). Stateless. */
public final class CertificateNames {

    private CertificateNames() {
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
