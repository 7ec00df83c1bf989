package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A standalone hub node as a separate JVM ({@code dev.switchboard.standalone.Main} on {@code target/classes} and
 * the runtime jars), as {@code scripts/run} starts it, differing from its siblings only by its free port. Settings
 * go in as {@code -Dswitchboard.<key>}; it runs in {@code target/cluster/} (no configuration file, no file in the
 * sources) and appends its output to {@code target/cluster/<name>-<port>.log}. Not thread-safe: one test drives
 * it.
 */
public final class HubProcess implements AutoCloseable {

    /** Where nodes run and log. */
    static final Path DIR = Path.of("target", "cluster");
    /** Written by the pom (dependency:build-classpath, runtime scope). */
    private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt");
    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(20);
    private static final int START_ATTEMPTS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Map<String, String> settings;
    private final List<String> jvmOptions;
    private int port;
    private Process process;

    private HubProcess(String name, Map<String, String> settings, List<String> jvmOptions) {
        this.name = name;
        this.settings = Map.copyOf(settings);
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Test defaults under {@code settings}: loopback only, 2 s shutdown grace, no start-up warm-up, and rate and
     * per-address limits high enough for test traffic that all comes from 127.0.0.1.
     */
    public static Map<String, String> testDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("host", "127.0.0.1");
        // The start-up warm-up costs seconds per node; WarmupIT turns it on where it is under test.
        defaults.put("warmup.connections", "0");
        defaults.put("shutdown.grace.seconds", "2");
        defaults.put("log.format", "text");
        defaults.put("max.connections.per.ip", "100000");
        defaults.put("rate.messages.per.second", "100000");
        defaults.put("rate.messages.burst", "100000");
        defaults.put("rate.bytes.per.second", "100000000");
        defaults.put("rate.handshakes.per.second", "100000");
        defaults.put("rate.handshakes.burst", "100000");
        defaults.put("rate.api.per.second", "100000");
        return defaults;
    }

    /**
     * Starts {@code count} nodes at once (their JVMs boot in parallel) with {@link #testDefaults()} overridden by
     * {@code settings}, and returns when all are ready. On a failure the started ones are killed.
     */
    public static List<HubProcess> startAll(int count, String namePrefix, Map<String, String> settings) {
        return startAll(count, namePrefix, settings, List.of());
    }

    /** Starts nodes as {@link #startAll(int, String, Map)} does, each JVM with {@code jvmOptions} too. */
    public static List<HubProcess> startAll(int count, String namePrefix, Map<String, String> settings,
            List<String> jvmOptions) {
        List<HubProcess> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                HubProcess node = new HubProcess(namePrefix + i, merged(settings), jvmOptions);
                node.launchOnFreePort();
                nodes.add(node);
            }
            for (HubProcess node : nodes) {
                node.awaitReadyOrRetry();
            }
            return nodes;
        } catch (RuntimeException | AssertionError e) {
            nodes.forEach(HubProcess::close);
            throw e;
        }
    }

    /** Starts one node as {@link #startAll} does. */
    public static HubProcess start(String name, Map<String, String> settings) {
        return startAll(1, name, settings).get(0);
    }

    /** Starts one node as {@link #startAll(int, String, Map, List)} does. */
    public static HubProcess start(String name, Map<String, String> settings, List<String> jvmOptions) {
        return startAll(1, name, settings, jvmOptions).get(0);
    }

    /**
     * Starts one node that is not expected to become ready (its engine cannot reach its Redis, say): returns when
     * it answers {@code /health/live}.
     */
    public static HubProcess startLive(String name, Map<String, String> settings) {
        HubProcess node = new HubProcess(name, merged(settings), List.of());
        node.launchOnFreePort();
        try {
            await(name + " live on port " + node.port + " (log: " + node.log() + ")").atMost(READY)
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        if (!node.process.isAlive()) {
                            throw new AssertionError(name + " exited; see " + node.log());
                        }
                        return ServerProcess.status(node.http("/health/live")) == 200;
                    });
            return node;
        } catch (RuntimeException | AssertionError e) {
            node.close();
            throw e;
        }
    }

    private static Map<String, String> merged(Map<String, String> settings) {
        Map<String, String> all = testDefaults();
        all.putAll(settings);
        return all;
    }

    private void launchOnFreePort() {
        port = ServerProcess.freePort();
        launch();
    }

    /** A free port may be taken before the node binds it: then the node exits, and it starts on another. */
    private void awaitReadyOrRetry() {
        for (int attempt = 1; ; attempt++) {
            try {
                awaitReady();
                return;
            } catch (AssertionError e) {
                if (process.isAlive() || attempt == START_ATTEMPTS || !logMentions("Address already in use")) {
                    throw e;
                }
                launchOnFreePort();
            }
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath(), "-Dswitchboard.port=" + port));
        settings.forEach((key, value) -> command.add("-Dswitchboard." + key + "=" + value));
        command.add("dev.switchboard.standalone.Main");
        try {
            Files.createDirectories(DIR);
            ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            // Only this node's settings: none inherited from the test's environment.
            builder.environment().keySet().removeIf(variable -> variable.startsWith("SWITCHBOARD_"));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start hub node " + name, e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classpath() {
        Path classes = Path.of("target", "classes").toAbsolutePath();
        if (!Files.isRegularFile(RUNTIME_CLASSPATH)) {
            throw new AssertionError(RUNTIME_CLASSPATH + " is missing: build with mvn test-compile first");
        }
        try {
            return classes + File.pathSeparator
                    + Files.readString(RUNTIME_CLASSPATH, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code /health/ready} until it answers 200, failing early if the JVM exits. */
    public void awaitReady() {
        await(name + " ready on port " + port + " (log: " + log() + ")").atMost(READY)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log());
                    }
                    return readiness() == 200;
                });
    }

    /** @return the status {@code /health/ready} answers now, or -1 if nothing answers */
    public int readiness() {
        return ServerProcess.status(http("/health/ready"));
    }

    /** Kills the node's JVM with SIGKILL (no shutdown hook, no close frame) and waits until it is gone. */
    public void kill9() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /**
     * Stops the node gracefully (SIGTERM: it drains, sends 1001, exits) and waits for it.
     *
     * @return the exit code
     */
    public int stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            awaitExit();
        }
        return process.exitValue();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Starts the node again with the same command, on the same port, and returns when it is ready. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        launch();
        awaitReady();
    }

    /** @return the names of the node JVM's live threads ({@code jcmd Thread.print}) */
    public List<String> threadNames() {
        return ServerProcess.threadNamesOf(process);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** @return the running node's process id (for {@code jcmd}, {@code /proc}) */
    public long pid() {
        return process.pid();
    }

    /** @return {@code http://127.0.0.1:<port><path>} */
    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** @return this node's metrics now, as Prometheus scrapes them (a loopback caller needs no API key) */
    public PrometheusText metrics() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(http("/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(name + " answered /metrics with " + response.statusCode());
            }
            return PrometheusText.parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** @return {@code ws://127.0.0.1:<port>/ws} */
    public URI webSocket() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** @return the file this node's output goes to */
    public Path log() {
        return DIR.resolve(name + "-" + port + ".log").toAbsolutePath();
    }

    /** @return whether this node's output so far contains {@code text} */
    public boolean logMentions(String text) {
        try {
            return Files.readString(log(), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the node; its log stays for diagnosis. */
    @Override
    public void close() {
        kill9();
    }
}
