package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void theHeaderComesFirstTheQueryParameterSecond() {
        assertThat(BearerToken.from("Bearer abc", "xyz")).contains("abc");
        assertThat(BearerToken.from("bearer  abc ", null)).contains("abc");
        assertThat(BearerToken.from(null, "xyz")).contains("xyz");
        assertThat(BearerToken.from("Basic dXNlcjpwYXNz", "xyz")).contains("xyz");
    }

    @Test
    void blankOrOtherSchemesAreNoToken() {
        assertThat(BearerToken.from(null, null)).isEmpty();
        assertThat(BearerToken.from("Bearer ", " ")).isEmpty();
        assertThat(BearerToken.from("Bearer", null)).isEmpty();
        assertThat(BearerToken.from("Basic dXNlcjpwYXNz", null)).isEmpty();
    }
}
