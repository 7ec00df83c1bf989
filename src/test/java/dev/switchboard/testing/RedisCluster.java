package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of three masters and no replicas for a test: three {@link RedisServer}s with
 * {@code --cluster-enabled yes} on free ports (bus ports chosen free too), joined by {@code redis-cli --cluster
 * create}; ready when every node reports {@code cluster_state:ok}. {@link #close()} kills them all.
 */
public final class RedisCluster implements AutoCloseable {

    private static final int MASTERS = 3;
    private static final Duration READY = Duration.ofSeconds(30);

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Starts three masters, assigns the 16384 slots over them and waits until the cluster is ok. */
    public static RedisCluster start() {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < MASTERS; i++) {
                nodes.add(RedisServer.launch(RedisServer.Persistence.NONE, List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                        "--cluster-port", Integer.toString(ServerProcess.freePort()))));
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.create();
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Path log = RedisServer.LOG_DIR.resolve("cluster-create-" + nodes.get(0).port() + ".log");
        try {
            Files.createDirectories(RedisServer.LOG_DIR);
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!cli.waitFor(READY.toSeconds(), TimeUnit.SECONDS)) {
                cli.destroyForcibly();
                throw new AssertionError("redis-cli --cluster create did not finish; see " + log);
            }
            if (cli.exitValue() != 0) {
                throw new AssertionError("redis-cli --cluster create failed (" + cli.exitValue() + "); see "
                        + log);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run redis-cli (scripts/test installs Debian's redis-tools)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted creating the cluster", e);
        }
        for (RedisServer node : nodes) {
            await("cluster_state:ok on port " + node.port()).atMost(READY).pollInterval(Duration.ofMillis(100))
                    .until(() -> String.valueOf(node.call("CLUSTER", "INFO")).contains("cluster_state:ok"));
        }
    }

    /** @return the masters, in the order they were started */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /** @return {@code redis://127.0.0.1:p1,redis://127.0.0.1:p2,…}, the hub's {@code redis.cluster.nodes} */
    public String nodesSetting() {
        return nodes.stream().map(RedisServer::uri).collect(Collectors.joining(","));
    }

    /** @return the master that serves {@code key}'s slot (asked with CLUSTER KEYSLOT and CLUSTER SLOTS) */
    public RedisServer nodeFor(String key) {
        long slot = (Long) nodes.get(0).call("CLUSTER", "KEYSLOT", key);
        for (Object range : (List<?>) nodes.get(0).call("CLUSTER", "SLOTS")) {
            List<?> fields = (List<?>) range;
            if ((Long) fields.get(0) <= slot && slot <= (Long) fields.get(1)) {
                long port = (Long) ((List<?>) fields.get(2)).get(1);
                return nodes.stream().filter(node -> node.port() == port).findFirst().orElseThrow();
            }
        }
        throw new AssertionError("no master serves slot " + slot);
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }
}
