package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Key naming: one hash tag per channel (one Cluster slot), pub/sub names that read back to their channel. */
class RedisKeysTest {

    @Test
    void aChannelsKeysShareItsHashTag() {
        assertThat(RedisKeys.meta("chat:42")).isEqualTo("sb:{chat:42}:m");
        assertThat(RedisKeys.stream("chat:42")).isEqualTo("sb:{chat:42}:s");
        assertThat(tag(RedisKeys.meta("a.b@c-d_e"))).isEqualTo(tag(RedisKeys.stream("a.b@c-d_e")))
                .isEqualTo("a.b@c-d_e");
    }

    @Test
    void pubSubChannelsReadBackToTheirChannel() {
        assertThat(RedisKeys.channelOf(RedisKeys.pubsub("chat:42"))).isEqualTo("chat:42");
        assertThat(RedisKeys.channelOf(RedisKeys.DIRECT)).isNull();
        assertThat(RedisKeys.channelOf("sb:{}:p")).isNull();
        assertThat(RedisKeys.channelOf("other")).isNull();
    }

    @Test
    void pubSubMessagesKeepEveryFieldWhateverThePublisherIsCalled() {
        String text = PubSubMessages.encode(12, "ep0ch", 1700000000123L, "{\"a\":[1,2]}", "al\nice {x}");
        PubSubMessages.Received r = PubSubMessages.decode(text);
        assertThat(r).isEqualTo(new PubSubMessages.Received(12, "ep0ch", 1700000000123L, "{\"a\":[1,2]}",
                "al\nice {x}"));
        assertThat(PubSubMessages.decode("garbage")).isNull();
        assertThat(PubSubMessages.decode("x\ne\n1\n{}\nu")).isNull();
        assertThat(PubSubMessages.decode("1\ne\n1\n\nu")).isNull();
    }

    /** The part of a key Redis Cluster hashes: between the first '{' and the next '}'. */
    private static String tag(String key) {
        int open = key.indexOf('{');
        return key.substring(open + 1, key.indexOf('}', open));
    }
}
