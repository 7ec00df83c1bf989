package dev.switchboard.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The JSON log's masker: credentials masked as the patterns say, ordinary values passed through untouched. */
class CredentialMaskerTest {

    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    private final CredentialMasker masker = new CredentialMasker();

    @Test
    void masksJwtsQueryTokensAndBearerCredentials() {
        assertThat(masker.mask(null, "token " + JWT + " refused")).isEqualTo("token **** refused");
        assertThat(masker.mask(null, "GET /ws?ACCESS_TOKEN=s3cret&x=1")).isEqualTo("GET /ws?ACCESS_TOKEN=****&x=1");
        assertThat(masker.mask(null, "Authorization: Bearer abc.def")).isEqualTo("Authorization: Bearer ****");
        assertThat(masker.mask(null, "a=" + JWT + " BEARER x access_token=y"))
                .isEqualTo("a=**** BEARER **** access_token=****");
    }

    @Test
    void ordinaryValuesAndNonStringsAreLeftAlone() {
        assertThat(masker.mask(null, "Connection opened from 127.0.0.1")).isNull();
        assertThat(masker.mask(null, "anon-AbCdEfGhIjKlMnOp")).isNull();
        assertThat(masker.mask(null, "bearer")).isNull();
        assertThat(masker.mask(null, "access_token")).isNull();
        assertThat(masker.mask(null, 42)).isNull();
    }

    @Test
    void theMarkerCheckIsASupersetOfThePatterns() {
        assertThat(CredentialMasker.mayHoldCredential("x eyJ")).isTrue();
        assertThat(CredentialMasker.mayHoldCredential("BeArEr q")).isTrue();
        assertThat(CredentialMasker.mayHoldCredential("?Access_Token=q")).isTrue();
        assertThat(CredentialMasker.mayHoldCredential("eyj bearer-x access-token=")).isFalse();
    }
}
