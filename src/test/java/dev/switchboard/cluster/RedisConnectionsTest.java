package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;

class RedisConnectionsTest {

    @Test
    void aConnectionFailureNamesRedisErrorCodeButNoMessageText() {
        RedisConnectionException failure = new RedisConnectionException("Unable to connect to redis://:pw1@host",
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair"));
        assertThat(RedisConnections.describe(failure))
                .isEqualTo("RedisConnectionException caused by RedisCommandExecutionException WRONGPASS");
    }

    @Test
    void anEchoedArgumentNeverReachesTheDescription() {
        RedisConnectionException failure = new RedisConnectionException("x",
                new RedisCommandExecutionException("ERR unknown command 'HELLO', with args beginning: 'pw2'"));
        assertThat(RedisConnections.describe(failure)).doesNotContain("pw2").endsWith("ERR");
    }

    @Test
    void aTlsFailureNamesItsClass() {
        RedisConnectionException failure = new RedisConnectionException("Unable to connect",
                new RuntimeException("wrapped", new SSLHandshakeException("PKIX path building failed")));
        assertThat(RedisConnections.describe(failure))
                .isEqualTo("RedisConnectionException caused by RuntimeException, SSLHandshakeException");
        assertThat(RedisConnections.describe(new RedisConnectionException("plain")))
                .isEqualTo("RedisConnectionException");
    }
}
