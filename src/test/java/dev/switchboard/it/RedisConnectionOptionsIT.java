package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testing.Frames;
import dev.switchboard.testing.HubProcess;
import dev.switchboard.testing.RedisSentinel;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.TestCertificates;
import dev.switchboard.testing.WsClient;

/**
 * The ways {@code redis.uri} reaches Redis, each with a real redis-server and the hub as a separate JVM: a
 * password in the URI (and a wrong one: not ready, publishes refused promptly, the password never logged),
 * {@code rediss://} trusting the Redis's CA through the JVM's trust store, and {@code redis-sentinel://} following
 * a failover.
 */
class RedisConnectionOptionsIT {

    private static final String PASSWORD = "s3cret-redis-pass-7781";
    private static final String WRONG = "wrong-redis-pass-4402";

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    private <T extends AutoCloseable> T owned(T closeable) {
        started.add(closeable);
        return closeable;
    }

    private static Map<String, String> engine(String uri) {
        return Map.of("engine", "redis", "redis.uri", uri);
    }

    @Test
    void aPasswordInTheUriAuthenticatesAndIsNeverLogged() {
        RedisServer redis = owned(RedisServer.launchWithPassword(PASSWORD));
        assertThat(redis.uri()).isEqualTo("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port());
        HubProcess hub = owned(HubProcess.start("redis-auth", engine(redis.uri())));

        Published first = publishAndReceive(hub, "opt:auth", 3);
        assertThat(hub.readiness()).isEqualTo(200);
        assertRecovers(hub, "opt:auth", first);
        assertThat(hub.logMentions(PASSWORD)).as("the password in the hub's log (%s)", hub.log()).isFalse();
    }

    @Test
    void aWrongPasswordLeavesTheHubUpButNotReadyAndRefusesPublishesPromptly() {
        RedisServer redis = owned(RedisServer.launchWithPassword(PASSWORD));
        HubProcess hub = owned(HubProcess.startLive("redis-wrong-auth",
                engine("redis://:" + WRONG + "@127.0.0.1:" + redis.port())));

        await("readiness 503 with a wrong Redis password").atMost(Duration.ofSeconds(10))
                .until(() -> hub.readiness() == 503);
        try (WsClient client = WsClient.connect(hub.webSocket())) {
            client.next("welcome");
            EngineChecks.refusedAsUnavailable(client, Frames.publish("opt:wrong", Frames.object("n", 1)), 7);
        }
        assertThat(hub.readiness()).as("still not ready").isEqualTo(503);
        assertThat(hub.logMentions("Cannot connect to Redis yet (standalone): RedisConnectionException caused by "
                + "RedisCommandExecutionException WRONGPASS")).as("the reason is logged (%s)", hub.log()).isTrue();
        assertThat(hub.logMentions(WRONG)).as("the wrong password in the hub's log (%s)", hub.log()).isFalse();
        assertThat(hub.logMentions(PASSWORD)).isFalse();
    }

    @Test
    void redissTrustsTheRedisCaThroughTheJvmTrustStore(@TempDir Path dir) {
        TestCertificates ca = TestCertificates.authority(dir, "redis-ca");
        RedisServer redis = owned(RedisServer.launchWithTls(ca.serverPem(),
                ca.clientContext(null).getSocketFactory()));
        assertThat(redis.uri()).startsWith("rediss://");
        HubProcess hub = owned(HubProcess.start("redis-tls", engine(redis.uri()), List.of(
                "-Djavax.net.ssl.trustStore=" + ca.truststore().toAbsolutePath(),
                "-Djavax.net.ssl.trustStorePassword=" + TestCertificates.PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12")));

        Published first = publishAndReceive(hub, "opt:tls", 3);
        assertThat(hub.readiness()).isEqualTo(200);
        assertRecovers(hub, "opt:tls", first);
        assertThat(hub.logMentions("Connected to Redis (standalone, TLS)")).isTrue();

        HubProcess untrusting = owned(HubProcess.startLive("redis-tls-untrusted", engine(redis.uri())));
        await("a hub that does not trust the Redis's CA reports itself not ready, saying why")
                .atMost(Duration.ofSeconds(15)).until(() -> untrusting.readiness() == 503
                        && untrusting.logMentions("SSLHandshakeException"));
    }

    @Test
    void redisSentinelFindsTheMasterAndFollowsAFailover() {
        RedisServer master = owned(RedisServer.launch());
        RedisSentinel sentinel = owned(RedisSentinel.monitor(master));
        HubProcess hub = owned(HubProcess.start("redis-sentinel", engine(sentinel.uri())));

        try (WsClient subscriber = WsClient.connect(hub.webSocket());
                WsClient publisher = WsClient.connect(hub.webSocket())) {
            subscriber.next("welcome");
            publisher.next("welcome");
            subscriber.send(Frames.subscribe("opt:sentinel").id(1));
            String epoch = subscriber.next("subscribed").path("epoch").asText();
            for (int n = 1; n <= 3; n++) {
                publisher.send(Frames.publish("opt:sentinel", Frames.object("n", n)).id(n));
                assertThat(publisher.next("published").path("offset").asLong()).isEqualTo(n);
                assertThat(subscriber.next("message").path("offset").asLong()).isEqualTo(n);
            }
            assertThat(hub.readiness()).isEqualTo(200);

            RedisServer replica = owned(RedisServer.launchReplicaOf(master));
            failOver(master, replica, sentinel);

            long next = publishUntilAccepted(publisher, "opt:sentinel", Duration.ofSeconds(30));
            assertThat(next).as("offsets continue on the new master").isEqualTo(4);
            JsonNode message = subscriber.next("message");
            assertThat(message.path("offset").asLong()).isEqualTo(4);
            assertThat(message.path("epoch").asText()).as("same epoch after the failover").isEqualTo(epoch);
            await("readiness 200 after the failover").atMost(Duration.ofSeconds(30))
                    .until(() -> hub.readiness() == 200);
        }
    }

    /** Makes {@code replica} the master through the Sentinel, once it replicated everything; bounded waits. */
    private static void failOver(RedisServer master, RedisServer replica, RedisSentinel sentinel) {
        await("replica in sync").atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> String.valueOf(replica.call("INFO", "replication")).contains("master_link_status:up")
                        && Long.valueOf(1).equals(master.call("WAIT", "1", "2000")));
        // Sentinel learns about replicas from the master's INFO, which it reads every 10 s.
        await("sentinel failover accepted").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> "OK".equals(sentinel.call("SENTINEL", "FAILOVER",
                        RedisSentinel.MASTER)));
        sentinel.awaitMaster(replica.port(), Duration.ofSeconds(30));
    }

    /** Publishes (a refused publish never happened) until one is accepted; returns its offset. */
    private static long publishUntilAccepted(WsClient publisher, String channel, Duration atMost) {
        long[] offset = new long[1];
        int[] id = {100};
        await("a publish accepted after the failover").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    publisher.send(Frames.publish(channel, Frames.object("n", 4)).id(++id[0]));
                    JsonNode reply = publisher.next();
                    if (reply.path("type").asText().equals("published")) {
                        offset[0] = reply.path("offset").asLong();
                        return true;
                    }
                    assertThat(reply.path("code").asText()).as("refused while failing over: %s", reply)
                            .isEqualTo("unavailable");
                    return false;
                });
        return offset[0];
    }

    /** What a subscriber saw of its channel. */
    private record Published(String epoch, long offset) {
    }

    /** Subscribes, publishes {@code count} messages on another connection, and checks offsets 1..count arrive. */
    private static Published publishAndReceive(HubProcess hub, String channel, int count) {
        try (WsClient subscriber = WsClient.connect(hub.webSocket());
                WsClient publisher = WsClient.connect(hub.webSocket())) {
            subscriber.next("welcome");
            publisher.next("welcome");
            subscriber.send(Frames.subscribe(channel).id(1));
            JsonNode subscribed = subscriber.next("subscribed");
            assertThat(subscribed.path("offset").asLong()).isZero();
            String epoch = subscribed.path("epoch").asText();
            for (int n = 1; n <= count; n++) {
                publisher.send(Frames.publish(channel, Frames.object("n", n)).id(n));
                assertThat(publisher.next("published").path("offset").asLong()).isEqualTo(n);
                JsonNode message = subscriber.next("message");
                assertThat(message.path("offset").asLong()).isEqualTo(n);
                assertThat(message.path("epoch").asText()).isEqualTo(epoch);
                assertThat(message.path("data").path("n").asInt()).isEqualTo(n);
            }
            return new Published(epoch, count);
        }
    }

    /** A new connection recovers everything after offset 1 from Redis. */
    private static void assertRecovers(HubProcess hub, String channel, Published published) {
        try (WsClient late = WsClient.connect(hub.webSocket())) {
            late.next("welcome");
            late.send(Frames.subscribe(channel).id(1).since(1, published.epoch()));
            JsonNode subscribed = late.next("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isTrue();
            assertThat(subscribed.path("offset").asLong()).isEqualTo(published.offset());
            for (long n = 2; n <= published.offset(); n++) {
                assertThat(late.next("message").path("offset").asLong()).isEqualTo(n);
            }
        }
    }
}
