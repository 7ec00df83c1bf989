package dev.switchboard.admission;

/** What a client may be allowed to do on a channel; each is one {@code namespace.<ns>.<action>} setting. */
public enum ChannelAction {
    SUBSCRIBE, PUBLISH, HISTORY, PRESENCE
}
