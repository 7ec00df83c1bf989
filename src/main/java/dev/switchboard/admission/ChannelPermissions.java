package dev.switchboard.admission;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.switchboard.config.HubConfig;
import dev.switchboard.config.NamespaceRules;
import dev.switchboard.config.NamespaceSettings;
import dev.switchboard.config.Permission;
import dev.switchboard.protocol.ChannelNames;
import dev.switchboard.registry.Identity;

/**
 * Decides whether a client may subscribe, publish, read history or ask presence on a channel, from its namespace's
 * permission ({@code namespace.<ns>.*}) and the client's {@link Identity}. Checked once per request, never per
 * delivered message. Stateless; thread-safe. See docs/security.md, "Channel permissions".
 */
@ApplicationScoped
public class ChannelPermissions {

    /** The claim listing the channel patterns a token may subscribe to, read history of and ask presence of. */
    public static final String CHANNELS_CLAIM = "channels";
    /** The claim listing the channel patterns a token may publish to. */
    public static final String PUBLISH_CLAIM = "publish";

    private final NamespaceSettings namespaces;

    @Inject
    public ChannelPermissions(HubConfig config) {
        this.namespaces = config.namespaces();
    }

    /** For CDI proxies only. */
    protected ChannelPermissions() {
        this.namespaces = null;
    }

    /** @return whether {@code subject}, a WebSocket client, may do {@code action} on {@code channel} */
    public boolean allows(Identity subject, ChannelAction action, String channel) {
        Permission permission = permission(namespaces.rules(ChannelNames.namespace(channel)), action);
        return switch (permission) {
            case ANYONE -> true;
            case AUTHENTICATED -> subject.authenticated();
            case OWNER -> subject.authenticated() && isOwnChannel(subject.user(), channel);
            case CLAIM -> subject.authenticated() && claimAllows(subject, action, channel);
            case SERVER, NOBODY -> false;
        };
    }

    /** @return whether the server side (the HTTP API) may publish to {@code channel}: always, unless {@code nobody} */
    public boolean serverMayPublish(String channel) {
        return namespaces.rules(ChannelNames.namespace(channel)).publish() != Permission.NOBODY;
    }

    private static Permission permission(NamespaceRules rules, ChannelAction action) {
        return switch (action) {
            case SUBSCRIBE -> rules.subscribe();
            case PUBLISH -> rules.publish();
            case HISTORY -> rules.history();
            case PRESENCE -> rules.presence();
        };
    }

    /** {@code <ns>:<user>} or {@code <ns>:<user>:<anything>}. */
    private static boolean isOwnChannel(String user, String channel) {
        int colon = channel.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String rest = channel.substring(colon + 1);
        return rest.equals(user) || rest.startsWith(user + ":");
    }

    private static boolean claimAllows(Identity subject, ChannelAction action, String channel) {
        return claimMatches(subject, action == ChannelAction.PUBLISH ? PUBLISH_CLAIM : CHANNELS_CLAIM, channel);
    }

    /**
     * @param claim {@link #CHANNELS_CLAIM} or {@link #PUBLISH_CLAIM}: a pattern or a list of them ({@link ChannelGlob})
     * @return whether one of the token's patterns in {@code claim} matches {@code channel}
     */
    public static boolean claimMatches(Identity subject, String claim, String channel) {
        Object value = subject.claims().get(claim);
        Collection<?> patterns = value instanceof Collection<?> list ? list
                : value instanceof String single ? List.of(single) : List.of();
        for (Object pattern : patterns) {
            if (pattern instanceof String glob && ChannelGlob.compile(glob, subject.user()).matches(channel)) {
                return true;
            }
        }
        return false;
    }
}
