package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.registry.Identity;

/** The permission table: each word for each action, the default namespace by auth mode, and bad configurations. */
class ChannelPermissionsTest {

    private static final Identity ANONYMOUS = Identity.anonymous();
    private static final Identity ALICE = Identity.named("alice");
    private static final Identity ALICE_WITH_CLAIMS = new Identity("alice", true,
            Map.of("channels", List.of("chat:*", "inbox:${sub}"), "publish", "chat:lobby"), null, null);

    private static ChannelPermissions permissions(String... settings) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return new ChannelPermissions(ConfigLoader.fromMap(values));
    }

    @Test
    void withoutAuthenticationEveryoneMayDoEverythingByDefault() {
        ChannelPermissions p = permissions();
        for (ChannelAction action : ChannelAction.values()) {
            assertThat(p.allows(ANONYMOUS, action, "chat:lobby")).as(action.name()).isTrue();
        }
    }

    @Test
    void withAnAuthModeTheDefaultIsAuthenticated() {
        ChannelPermissions p = permissions("auth.mode", "jwt", "auth.jwt.secret", "x".repeat(32));
        assertThat(p.allows(ANONYMOUS, ChannelAction.SUBSCRIBE, "chat:lobby")).isFalse();
        assertThat(p.allows(ALICE, ChannelAction.SUBSCRIBE, "chat:lobby")).isTrue();
        assertThat(p.allows(ALICE, ChannelAction.PUBLISH, "plain")).as("the default namespace").isTrue();
    }

    @Test
    void ownerAllowsOnlyTheUsersPersonalChannels() {
        ChannelPermissions p = permissions("namespace.inbox.subscribe", "owner");
        assertThat(p.allows(ALICE, ChannelAction.SUBSCRIBE, "inbox:alice")).isTrue();
        assertThat(p.allows(ALICE, ChannelAction.SUBSCRIBE, "inbox:alice:2024")).isTrue();
        assertThat(p.allows(ALICE, ChannelAction.SUBSCRIBE, "inbox:bob")).isFalse();
        assertThat(p.allows(ALICE, ChannelAction.SUBSCRIBE, "inbox:alicex")).isFalse();
        assertThat(p.allows(new Identity("anon-1", false, Map.of(), null, null), ChannelAction.SUBSCRIBE,
                "inbox:anon-1"))
                .as("an anonymous user owns nothing").isFalse();
        assertThat(p.allows(ALICE, ChannelAction.PUBLISH, "inbox:bob")).as("other actions keep the default")
                .isTrue();
    }

    @Test
    void claimLetsTheTokensPatternsDecide() {
        ChannelPermissions p = permissions("namespace.default.subscribe", "claim", "namespace.default.publish",
                "claim", "namespace.default.history", "claim");
        assertThat(p.allows(ALICE_WITH_CLAIMS, ChannelAction.SUBSCRIBE, "chat:random")).isTrue();
        assertThat(p.allows(ALICE_WITH_CLAIMS, ChannelAction.HISTORY, "inbox:alice")).isTrue();
        assertThat(p.allows(ALICE_WITH_CLAIMS, ChannelAction.SUBSCRIBE, "inbox:bob")).isFalse();
        assertThat(p.allows(ALICE_WITH_CLAIMS, ChannelAction.PUBLISH, "chat:lobby")).isTrue();
        assertThat(p.allows(ALICE_WITH_CLAIMS, ChannelAction.PUBLISH, "chat:random"))
                .as("publish has its own claim").isFalse();
        assertThat(p.allows(ALICE, ChannelAction.SUBSCRIBE, "chat:random")).as("no claims, nothing").isFalse();
    }

    @Test
    void serverAndNobodyRefuseEveryClient() {
        ChannelPermissions p = permissions("namespace.news.publish", "server", "namespace.audit.publish", "nobody",
                "namespace.audit.history", "nobody");
        assertThat(p.allows(ALICE, ChannelAction.PUBLISH, "news:today")).isFalse();
        assertThat(p.serverMayPublish("news:today")).isTrue();
        assertThat(p.allows(ALICE, ChannelAction.PUBLISH, "audit:log")).isFalse();
        assertThat(p.serverMayPublish("audit:log")).as("nobody means nobody").isFalse();
        assertThat(p.allows(ALICE, ChannelAction.HISTORY, "audit:log")).isFalse();
        assertThat(p.allows(ALICE, ChannelAction.SUBSCRIBE, "audit:log")).isTrue();
    }

    @Test
    void aListedNamespaceInheritsWhatItDoesNotSetFromTheDefaultNamespace() {
        ChannelPermissions p = permissions("namespace.default.history", "nobody", "namespace.chat.publish",
                "nobody");
        assertThat(p.allows(ALICE, ChannelAction.HISTORY, "chat:lobby")).isFalse();
        assertThat(p.allows(ALICE, ChannelAction.SUBSCRIBE, "chat:lobby")).isTrue();
    }

    @Test
    void unknownWordsAndServerOutsidePublishStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> permissions("namespace.chat.publish", "everyone"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("namespace.chat.publish");
        assertThatThrownBy(() -> permissions("namespace.chat.subscribe", "server"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("namespace.chat.subscribe");
        assertThatThrownBy(() -> permissions("namespace.chat.subscrbe", "anyone"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("namespace.chat.subscrbe");
    }
}
