package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;

import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.Test;

class CertificateNamesTest {

    @Test
    void theUserIsTheSubjectsMostSpecificCommonName() {
        assertThat(CertificateNames.commonName(new X500Principal("CN=alice, OU=Chat, O=Example, C=DE")))
                .contains("alice");
        assertThat(CertificateNames.commonName(new X500Principal("CN=alice, CN=team, O=Example")))
                .contains("alice");
        assertThat(CertificateNames.commonName(new X500Principal("CN=Smith\\, Jane, O=Example")))
                .contains("Smith, Jane");
    }

    @Test
    void noCommonNameOrNoCertificateIsNoUser() {
        assertThat(CertificateNames.commonName(new X500Principal("OU=Chat, O=Example"))).isEmpty();
        assertThat(CertificateNames.commonName(null)).isEmpty();
        Principal other = () -> "alice";
        assertThat(CertificateNames.commonName(other)).isEmpty();
    }
}
