package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocketFactory;

/**
 * Debian's {@code redis-server} as a child process of a test, on a free loopback port, its files in a temporary
 * directory and its output appended to {@code target/redis/redis-<port>.log}. {@link #stop()}, {@link #kill()} and
 * {@link #start()} keep the port and the data directory, so a restart finds what Redis persisted ({@link
 * Persistence#AOF}); {@link #close()} kills it and deletes its files. It may require a password ({@code
 * --requirepass}) or listen with TLS only; the test's own commands then authenticate and use TLS too. Not
 * thread-safe: one test drives it.
 */
public final class RedisServer implements AutoCloseable {

    /** What Redis keeps across a stop, a kill and a start. */
    public enum Persistence {
        /** Nothing ({@code --save '' --appendonly no}): a restart starts empty. */
        NONE,
        /** An append-only file fsynced on every write: a restart, after {@link #kill()} too, keeps every write. */
        AOF
    }

    /** Log files of every Redis the tests start, under the build directory (never in the checkout's sources). */
    static final Path LOG_DIR = Path.of("target", "redis");
    private static final Duration READY = Duration.ofSeconds(15);
    private static final int START_ATTEMPTS = 3;

    private final Persistence persistence;
    private final List<String> extraArgs;
    private final Access access;
    private final Path dataDir;
    private int port;
    private Process process;

    /**
     * How clients reach this Redis.
     *
     * @param password the {@code requirepass} password, or null for none
     * @param tls      a client socket factory trusting the server's certificate, or null for plain TCP
     * @param tlsArgs  the {@code --tls-*} arguments naming the server's PEM files (empty without TLS)
     */
    private record Access(String password, SSLSocketFactory tls, List<String> tlsArgs) {

        static final Access OPEN = new Access(null, null, List.of());
    }

    private RedisServer(Persistence persistence, List<String> extraArgs, Access access, Path dataDir) {
        this.persistence = persistence;
        this.extraArgs = List.copyOf(extraArgs);
        this.access = access;
        this.dataDir = dataDir;
    }

    /** Starts a Redis that keeps nothing across restarts. */
    public static RedisServer launch() {
        return launch(Persistence.NONE);
    }

    /** Starts a Redis with {@code persistence} on a free port; it answers PING when this returns. */
    public static RedisServer launch(Persistence persistence) {
        return launch(persistence, List.of());
    }

    /** Starts a Redis as {@link #launch(Persistence)} does, with further {@code redis-server} arguments. */
    static RedisServer launch(Persistence persistence, List<String> extraArgs) {
        return launch(persistence, extraArgs, Access.OPEN);
    }

    /** Starts a Redis that keeps nothing and replicates {@code master} ({@code --replicaof}). */
    public static RedisServer launchReplicaOf(RedisServer master) {
        return launch(Persistence.NONE, List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
    }

    /** Starts a Redis that keeps nothing and refuses clients that do not authenticate with {@code password}. */
    public static RedisServer launchWithPassword(String password) {
        return launch(Persistence.NONE, List.of("--requirepass", password), new Access(password, null, List.of()));
    }

    /**
     * Starts a Redis that keeps nothing and listens with TLS only (no plain port; client certificates not asked).
     *
     * @param pem    the server's certificate, key and CA as PEM files
     * @param client a socket factory trusting that CA, for the readiness PING and {@link #call}
     */
    public static RedisServer launchWithTls(TestCertificates.ServerPem pem, SSLSocketFactory client) {
        List<String> tlsArgs = List.of("--tls-cert-file", pem.certificate().toString(), "--tls-key-file",
                pem.key().toString(), "--tls-ca-cert-file", pem.ca().toString(), "--tls-auth-clients", "no");
        return launch(Persistence.NONE, List.of(), new Access(null, client, tlsArgs));
    }

    private static RedisServer launch(Persistence persistence, List<String> extraArgs, Access access) {
        Path dir;
        try {
            dir = Files.createTempDirectory("switchboard-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisServer server = new RedisServer(persistence, extraArgs, access, dir);
        server.startOnFreePort();
        return server;
    }

    /** A free port may be taken by someone else before Redis binds it: then try another. */
    private void startOnFreePort() {
        AssertionError last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            port = ServerProcess.freePort();
            try {
                start();
                return;
            } catch (AssertionError e) {
                last = e;
            }
        }
        ServerProcess.deleteRecursively(dataDir);
        throw last;
    }

    /**
     * Starts this Redis again, on its port with its data directory, after {@link #stop()} or {@link #kill()};
     * returns when it answers PING (which, with {@link Persistence#AOF}, is after it loaded its data).
     */
    public void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Redis on port " + port + " is running");
        }
        try {
            Files.createDirectories(LOG_DIR);
            process = new ProcessBuilder(command()).directory(dataDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start redis-server (scripts/test installs Debian's redis-server): "
                    + e.getMessage(), e);
        }
        awaitPing();
    }

    private List<String> command() {
        List<String> command = new ArrayList<>(List.of("redis-server"));
        if (access.tls() == null) {
            command.addAll(List.of("--port", Integer.toString(port)));
        } else {
            command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port)));
            command.addAll(access.tlsArgs());
        }
        command.addAll(List.of("--bind", "127.0.0.1", "--dir", dataDir.toString(), "--daemonize", "no",
                "--logfile", "", "--save", ""));
        if (persistence == Persistence.AOF) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        command.addAll(extraArgs);
        return command;
    }

    private void awaitPing() {
        await("redis-server answering PING on port " + port + " (log: " + log() + ")").atMost(READY)
                .pollInterval(Duration.ofMillis(50)).ignoreExceptionsMatching(e -> !(e instanceof AssertionError))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("redis-server exited with " + process.exitValue() + "; see "
                                + log());
                    }
                    return "PONG".equals(call("PING"));
                });
    }

    /** Stops Redis gracefully (SIGTERM: it flushes its append-only file) and waits until it exited. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            awaitExit(Duration.ofSeconds(15));
        }
    }

    /** Kills Redis with SIGKILL and waits until it is gone. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(15));
        }
    }

    /** Deletes what Redis persisted, so that the next {@link #start()} begins empty, as after a lost disk. */
    public void wipeData() {
        if (isRunning()) {
            throw new IllegalStateException("stop Redis before wiping its data");
        }
        ServerProcess.deleteRecursively(dataDir);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitExit(Duration atMost) {
        try {
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** @return the port Redis listens on, the same across restarts */
    public int port() {
        return port;
    }

    /**
     * @return the hub's {@code redis.uri} for this server: {@code redis://127.0.0.1:<port>}, {@code rediss://}
     *         with TLS, with {@code :<password>@} before the host if it requires one
     */
    public String uri() {
        return (access.tls() == null ? "redis://" : "rediss://")
                + (access.password() == null ? "" : ":" + access.password() + "@") + "127.0.0.1:" + port;
    }

    /** @return the file Redis writes its output to */
    public Path log() {
        return LOG_DIR.resolve("redis-" + port + ".log").toAbsolutePath();
    }

    /** Runs one command on a fresh connection, authenticated and over TLS as this server needs: see Resp#call. */
    public Object call(String... command) {
        try (Resp resp = Resp.connect(port, access.tls())) {
            if (access.password() != null) {
                resp.call("AUTH", access.password());
            }
            return resp.call(command);
        }
    }

    /** Kills Redis and deletes its data directory; the log stays for diagnosis. */
    @Override
    public void close() {
        kill();
        ServerProcess.deleteRecursively(dataDir);
    }
}
