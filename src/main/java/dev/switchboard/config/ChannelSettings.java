package dev.switchboard.config;

/**
 * How channels behave towards their subscribers.
 *
 * @param presenceEvents send {@code join}/{@code leave} frames to a channel's subscribers
 */
public record ChannelSettings(boolean presenceEvents) {

    /** {@code presence.events}: send {@code join}/{@code leave} frames to a channel's subscribers. */
    public static final boolean PRESENCE_EVENTS = false;

    static ChannelSettings from(ConfigSource s) {
        return new ChannelSettings(s.bool("presence.events", PRESENCE_EVENTS));
    }
}
