package dev.switchboard.testing;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real processes for a cluster test class, on free ports: a Redis (a single {@code redis-server}, or a Redis
 * Cluster of three masters), hub nodes as separate JVMs started in parallel, and haproxy in front of them running
 * {@code conf/haproxy.cfg}. Register it on a {@code static final} field: it starts before the class's tests.
 * Classes with the same backend, node count and settings share one set of processes (each scenario leaves them as
 * it found them), all killed at the end of the test run.
 */
public final class ClusterExtension implements BeforeAllCallback, AfterAllCallback {

    /** Which Redis the nodes use. */
    public enum Backend {
        /** One {@code redis-server} with an append-only file, so that it keeps its data across a restart. */
        REDIS,
        /** Three masters joined into a Redis Cluster ({@code redis.cluster.nodes}). */
        REDIS_CLUSTER
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            ClusterExtension.class);

    private final Backend backend;
    private final int nodeCount;
    private final Map<String, String> settings;
    private final AtomicReference<Running> running = new AtomicReference<>();

    private ClusterExtension(Backend backend, int nodeCount, Map<String, String> settings) {
        this.backend = backend;
        this.nodeCount = nodeCount;
        this.settings = Map.copyOf(settings);
    }

    /**
     * @param settings hub settings (key, value, key, value…) over {@link HubProcess#testDefaults()}; the engine
     *                 and the Redis address are set by the extension
     */
    public static ClusterExtension of(Backend backend, int nodes, String... settings) {
        if (settings.length % 2 != 0) {
            throw new IllegalArgumentException("settings come in key, value pairs");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            map.put(settings[i], settings[i + 1]);
        }
        return new ClusterExtension(backend, nodes, map);
    }

    /**
     * Starts the processes, or takes those an earlier test class registered with the same backend, node count and
     * settings started: they stay up for the whole test run and stop when it ends (JUnit closes the root store).
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        String key = backend + "/" + nodeCount + "/" + new TreeMap<>(settings);
        running.set(context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> start(), Running.class));
    }

    private Running start() {
        RedisServer redis = null;
        RedisCluster redisCluster = null;
        List<HubProcess> nodes = List.of();
        try {
            Map<String, String> all = new LinkedHashMap<>(settings);
            switch (backend) {
                case REDIS -> {
                    redis = RedisServer.launch(RedisServer.Persistence.AOF);
                    all.put("engine", "redis");
                    all.put("redis.uri", redis.uri());
                }
                case REDIS_CLUSTER -> {
                    redisCluster = RedisCluster.start();
                    all.put("engine", "redis");
                    all.put("redis.cluster.nodes", redisCluster.nodesSetting());
                }
            }
            nodes = HubProcess.startAll(nodeCount, "cluster-" + backend.name().toLowerCase(Locale.ROOT) + "-node",
                    all);
            Haproxy haproxy = Haproxy.start(nodes.stream().map(HubProcess::port).toList());
            return new Running(redis, redisCluster, nodes, haproxy);
        } catch (RuntimeException | AssertionError e) {
            new Running(redis, redisCluster, nodes, null).close();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // The processes belong to the root store, which stops them at the end of the run; a class only lets go.
        running.set(null);
    }

    private Running running() {
        Running current = running.get();
        if (current == null) {
            throw new IllegalStateException("no cluster: use the extension in a test class it is registered for");
        }
        return current;
    }

    /** @return the single Redis server (backend REDIS) */
    public RedisServer redis() {
        return running().redis();
    }

    /** @return the Redis Cluster (backend REDIS_CLUSTER) */
    public RedisCluster redisCluster() {
        return running().redisCluster();
    }

    /** @return the hub nodes, {@code node1}… */
    public List<HubProcess> nodes() {
        return running().nodes();
    }

    /** @return the {@code index}th node, from 0 */
    public HubProcess node(int index) {
        return nodes().get(index);
    }

    /** @return the load balancer */
    public Haproxy haproxy() {
        return running().haproxy();
    }

    /** @return the WebSocket address of the load balancer, {@code ws://127.0.0.1:<port>/ws} */
    public URI balancedWebSocket() {
        return URI.create("ws://127.0.0.1:" + haproxy().port() + "/ws");
    }

    /** @return {@code http://127.0.0.1:<haproxy port><path>} */
    public URI balancedHttp(String path) {
        return URI.create("http://127.0.0.1:" + haproxy().port() + path);
    }

    private record Running(RedisServer redis, RedisCluster redisCluster, List<HubProcess> nodes, Haproxy haproxy)
            implements AutoCloseable {

        @Override
        public void close() {
            if (haproxy != null) {
                haproxy.close();
            }
            nodes.forEach(HubProcess::close);
            if (redis != null) {
                redis.close();
            }
            if (redisCluster != null) {
                redisCluster.close();
            }
        }
    }
}
