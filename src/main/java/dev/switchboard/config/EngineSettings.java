package dev.switchboard.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Where channels keep their state: this node's memory, or Redis shared by every node. See docs/cluster.md.
 *
 * @param redis            whether {@code engine=redis}
 * @param redisUri         {@code redis.uri}: standalone or Sentinel Redis ({@code redis://}, {@code rediss://},
 *                         {@code redis-sentinel://}), password in the URI; unused when cluster nodes are given
 * @param clusterNodes     {@code redis.cluster.nodes}: seed URIs of a Redis Cluster; empty for no cluster
 * @param commandTimeout   {@code redis.command.timeout.ms}: the most a Redis command may take before it fails
 * @param metaTtl          {@code redis.meta.ttl.seconds}: how long an idle channel's offset and epoch are kept
 * @param presenceTtl      {@code presence.ttl.seconds}: how long a node's presence entries outlive its last refresh
 */
public record EngineSettings(boolean redis, URI redisUri, List<String> clusterNodes, Duration commandTimeout,
        Duration metaTtl, Duration presenceTtl) {

    /** {@code engine}: {@code memory} (one node, the default) or {@code redis}. */
    public static final String ENGINE = "memory";
    /** {@code redis.uri}: a local Redis. */
    public static final String REDIS_URI = "redis://127.0.0.1:6379";
    /** {@code redis.command.timeout.ms}: 2 s, so a publish during an outage fails within a few seconds. */
    public static final long COMMAND_TIMEOUT_MS = 2_000;
    /** {@code redis.meta.ttl.seconds}: a day; at least {@code history.ttl.seconds}. */
    public static final Duration META_TTL = Duration.ofDays(1);
    /** {@code presence.ttl.seconds}: 30 s; a node refreshes its entries every third of it. */
    public static final Duration PRESENCE_TTL = Duration.ofSeconds(30);

    /** Without the URIs' credentials: a password in {@code redis.uri} never reaches a log line. */
    @Override
    public String toString() {
        return "EngineSettings[redis=" + redis + ", redisUri=" + redisUri.getScheme() + "://" + redisUri.getHost()
                + ":" + redisUri.getPort() + ", clusterNodes=" + clusterNodes.size() + ", commandTimeout="
                + commandTimeout + ", metaTtl=" + metaTtl + ", presenceTtl=" + presenceTtl + "]";
    }

    static EngineSettings from(ConfigSource s) {
        String engine = s.string("engine", ENGINE).toLowerCase(Locale.ROOT);
        if (!engine.equals("memory") && !engine.equals("redis")) {
            throw new ConfigException("engine", "must be memory or redis, was '" + engine + "'");
        }
        String raw = s.string("redis.uri", REDIS_URI);
        URI uri;
        try {
            uri = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("redis.uri", "is not a URI"); // never echoed: it may hold a password
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!List.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-socket").contains(scheme)) {
            throw new ConfigException("redis.uri", "must start with redis://, rediss:// or redis-sentinel://");
        }
        return new EngineSettings(engine.equals("redis"), uri, s.list("redis.cluster.nodes", ""),
                Duration.ofMillis(s.longValue("redis.command.timeout.ms", COMMAND_TIMEOUT_MS, 100, 60_000)),
                s.seconds("redis.meta.ttl.seconds", META_TTL), s.seconds("presence.ttl.seconds", PRESENCE_TTL));
    }
}
