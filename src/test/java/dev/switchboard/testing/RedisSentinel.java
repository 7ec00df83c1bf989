package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Redis Sentinel ({@code redis-server <conf> --sentinel}) on a free loopback port, monitoring a master as
 * {@link #MASTER} with a quorum of 1 and short timeouts; its configuration file (which Sentinel rewrites) lives in
 * a temporary directory, its output goes to {@code target/redis/sentinel-<port>.log}. Not thread-safe.
 */
public final class RedisSentinel implements AutoCloseable {

    /** The name the master is monitored as: {@code redis-sentinel://…#mymaster}. */
    public static final String MASTER = "mymaster";
    private static final Duration READY = Duration.ofSeconds(15);

    private final Path dir;
    private final int port;
    private final Process process;

    private RedisSentinel(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts a Sentinel monitoring {@code master}; returns when it names that master's address. */
    public static RedisSentinel monitor(RedisServer master) {
        Path dir;
        try {
            dir = Files.createTempDirectory("switchboard-sentinel-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = ServerProcess.freePort();
        Path conf = dir.resolve("sentinel.conf");
        Path log = RedisServer.LOG_DIR.resolve("sentinel-" + port + ".log");
        try {
            Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1", "daemonize no",
                    "dir " + dir, "sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 1",
                    "sentinel down-after-milliseconds " + MASTER + " 1000",
                    "sentinel failover-timeout " + MASTER + " 5000", ""), StandardCharsets.US_ASCII);
            Files.createDirectories(RedisServer.LOG_DIR);
            Process process = new ProcessBuilder("redis-server", conf.toString(), "--sentinel")
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            RedisSentinel sentinel = new RedisSentinel(dir, port, process);
            try {
                sentinel.awaitMaster(master.port(), READY);
            } catch (RuntimeException | AssertionError e) {
                sentinel.close();
                throw e;
            }
            return sentinel;
        } catch (IOException e) {
            ServerProcess.deleteRecursively(dir);
            throw new AssertionError("cannot start redis-server --sentinel: " + e.getMessage(), e);
        }
    }

    /** Waits until this Sentinel names 127.0.0.1:{@code masterPort} as the master; fails after {@code atMost}. */
    public void awaitMaster(int masterPort, Duration atMost) {
        await("sentinel on port " + port + " naming master port " + masterPort).atMost(atMost)
                .pollInterval(Duration.ofMillis(100)).ignoreExceptionsMatching(e -> !(e instanceof AssertionError))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("redis-server --sentinel exited with " + process.exitValue());
                    }
                    return List.of("127.0.0.1", Integer.toString(masterPort))
                            .equals(call("SENTINEL", "get-master-addr-by-name", MASTER));
                });
    }

    /** Runs one command on this Sentinel. */
    public Object call(String... command) {
        return Resp.once(port, command);
    }

    public int port() {
        return port;
    }

    /** @return {@code redis-sentinel://127.0.0.1:<port>#mymaster} */
    public String uri() {
        return "redis-sentinel://127.0.0.1:" + port + "#" + MASTER;
    }

    /** Kills the Sentinel and deletes its directory. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ServerProcess.deleteRecursively(dir);
    }
}
