package dev.switchboard.config;

import java.util.Map;
import java.util.Set;

/**
 * The hub's settings, immutable and validated, in groups that each declare their keys, defaults and bounds. Built
 * by {@link ConfigLoader}; a new setting is one component of one group (and its test).
 *
 * @param server    standalone: port, bind address and threads
 * @param limits    message size and connection counts
 * @param outbox    each session's send queue
 * @param heartbeat pings and the idle timeout
 * @param history   what each channel keeps
 * @param origins   which browser origins may connect
 * @param http      the HTTP API's key and {@code /metrics} access
 * @param channels  presence events
 * @param shutdown  the drain at shutdown
 * @param logging   standalone: the log format
 * @param tls       standalone: TLS and mutual TLS on the hub's port
 * @param handshake standalone: header size and time bounds of a request before it is served
 * @param auth      who may connect: the authentication mode and token verification
 * @param namespaces channel permissions and per-namespace overrides
 * @param rates     rate limits per connection, per client address and per HTTP API caller
 * @param compression standalone: permessage-deflate
 * @param engine    where channel state lives: memory or Redis
 * @param warmup    standalone: the start-up warm-up of the JIT
 */
public record HubConfig(
        ServerSettings server,
        LimitSettings limits,
        OutboxSettings outbox,
        HeartbeatSettings heartbeat,
        HistorySettings history,
        OriginSettings origins,
        HttpSettings http,
        ChannelSettings channels,
        ShutdownSettings shutdown,
        LogSettings logging,
        TlsSettings tls,
        HandshakeSettings handshake,
        AuthSettings auth,
        NamespaceSettings namespaces,

        RateSettings rates,
        CompressionSettings compression,
        EngineSettings engine,
        WarmupSettings warmup) {

    /** @return the defaults, as {@code scripts/run} would start with no configuration at all */
    public static HubConfig defaults() {
        return ConfigLoader.fromMap(Map.of());
    }

    /** @return every key the groups read: the keys the hub understands */
    static Set<String> keys() {
        ConfigSource defaults = new ConfigSource(Map.of());
        from(defaults);
        return defaults.keysRead();
    }

    /** @return whether {@code key} is one of the keys a group matches by pattern ({@code namespace.<ns>.*}) */
    static boolean isPatternKey(String key) {
        return NamespaceSettings.KEY.matcher(key).matches();
    }

    /** Reads every group from {@code source}; a bad value fails with a {@link ConfigException} naming its key. */
    static HubConfig from(ConfigSource source) {
        return new HubConfig(
                ServerSettings.from(source),
                LimitSettings.from(source),
                OutboxSettings.from(source),
                HeartbeatSettings.from(source),
                HistorySettings.from(source),
                OriginSettings.from(source),
                HttpSettings.from(source),
                ChannelSettings.from(source),
                ShutdownSettings.from(source),
                LogSettings.from(source),
                TlsSettings.from(source),
                HandshakeSettings.from(source),
                AuthSettings.from(source),
                NamespaceSettings.from(source),

                RateSettings.from(source),
                CompressionSettings.from(source),
                EngineSettings.from(source),
                WarmupSettings.from(source));
    }
}
