package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The claim patterns: {@code *} within a segment, {@code **} across segments, {@code ${sub}} the user, literally. */
class ChannelGlobTest {

    private static boolean matches(String glob, String user, String channel) {
        return ChannelGlob.compile(glob, user).matches(channel);
    }

    @Test
    void aSingleStarMatchesAnyRunWithinOneSegment() {
        assertThat(matches("chat:*", "alice", "chat:lobby")).isTrue();
        assertThat(matches("chat:*", "alice", "chat:")).isTrue();
        assertThat(matches("chat:*", "alice", "chat:lobby:thread")).as("not across ':'").isFalse();
        assertThat(matches("chat:*", "alice", "chats:lobby")).isFalse();
        assertThat(matches("*:lobby", "alice", "chat:lobby")).isTrue();
    }

    @Test
    void aDoubleStarMatchesAcrossSegments() {
        assertThat(matches("chat:**", "alice", "chat:lobby:thread:7")).isTrue();
        assertThat(matches("**", "alice", "anything:at:all")).isTrue();
        assertThat(matches("chat:**:7", "alice", "chat:a:b:7")).isTrue();
        assertThat(matches("chat:**:7", "alice", "chat:a:b:8")).isFalse();
    }

    @Test
    void subStandsForTheUserTakenLiterally() {
        assertThat(matches("inbox:${sub}", "alice", "inbox:alice")).isTrue();
        assertThat(matches("inbox:${sub}", "alice", "inbox:bob")).isFalse();
        assertThat(matches("inbox:${sub}:*", "alice", "inbox:alice:2024")).isTrue();
        assertThat(matches("inbox:${sub}", "a.c", "inbox:abc")).as("the user's '.' is no wildcard").isFalse();
        assertThat(matches("inbox:${sub}", "*", "inbox:bob")).as("nor is a '*' in the user").isFalse();
    }

    @Test
    void everythingElseMatchesItselfOnly() {
        assertThat(matches("a.b", "u", "a.b")).isTrue();
        assertThat(matches("a.b", "u", "axb")).isFalse();
        assertThat(matches("chat:lobby", "u", "chat:lobby2")).as("the whole channel must match").isFalse();
    }
}
