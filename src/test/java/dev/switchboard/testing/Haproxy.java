package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code haproxy} in front of hub nodes for a test, running the sample {@code conf/haproxy.cfg} itself
 * with only its {@code bind} line (a free loopback port) and its {@code server} lines (the nodes) replaced, so the
 * sample users copy is the configuration the cluster tests prove. Output goes to {@code target/cluster/}.
 */
public final class Haproxy implements AutoCloseable {

    /** The sample configuration users copy (docs/cluster.md). */
    public static final Path SAMPLE = Path.of("conf", "haproxy.cfg");
    private static final Duration READY = Duration.ofSeconds(15);

    private final int port;
    private final Path config;
    private final Process process;

    private Haproxy(int port, Path config, Process process) {
        this.port = port;
        this.config = config;
        this.process = process;
    }

    /** Starts haproxy on a free port in front of the nodes on {@code nodePorts}, ready when this returns. */
    public static Haproxy start(List<Integer> nodePorts) {
        int port = ServerProcess.freePort();
        Path log = HubProcess.DIR.resolve("haproxy-" + port + ".log").toAbsolutePath();
        try {
            Files.createDirectories(HubProcess.DIR);
            Path config = Files.createTempFile("switchboard-haproxy-", ".cfg");
            Files.writeString(config, config(port, nodePorts), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(binary(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Haproxy haproxy = new Haproxy(port, config, process);
            haproxy.awaitForwarding(log);
            return haproxy;
        } catch (IOException e) {
            throw new AssertionError("cannot start haproxy (scripts/test installs Debian's haproxy): " + e, e);
        }
    }

    /** @return what {@code haproxy -c} says of {@code config} after it exited 0; fails the test otherwise */
    public static String check(Path config) {
        try {
            Process check = new ProcessBuilder(binary(), "-c", "-f", config.toString()).redirectErrorStream(true)
                    .start();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(10, TimeUnit.SECONDS) || check.exitValue() != 0) {
                throw new AssertionError("haproxy -c -f " + config + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run haproxy (scripts/test installs Debian's haproxy): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Debian installs haproxy in /usr/sbin, which a normal user's PATH may lack. */
    private static String binary() {
        Path debian = Path.of("/usr/sbin/haproxy");
        return Files.isExecutable(debian) ? debian.toString() : "haproxy";
    }

    /**
     * @return the sample configuration with its frontend bound to {@code 127.0.0.1:<port>} and one server line per
     *         node, {@code node1}, {@code node2}… in the order of {@code nodePorts}
     */
    public static String config(int port, List<Integer> nodePorts) {
        List<String> lines;
        try {
            lines = Files.readAllLines(SAMPLE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> out = new ArrayList<>();
        String lastSection = "";
        for (String line : lines) {
            String trimmed = line.trim();
            if (!line.startsWith(" ") && !trimmed.isEmpty() && !trimmed.startsWith("#")) {
                lastSection = trimmed;
            }
            if (trimmed.startsWith("bind ")) {
                out.add("    bind 127.0.0.1:" + port);
            } else if (!trimmed.startsWith("server ")) {
                out.add(line);
            }
        }
        if (!lastSection.startsWith("backend ")) {
            throw new AssertionError(SAMPLE + " must end with its backend section, where the servers go");
        }
        for (int i = 0; i < nodePorts.size(); i++) {
            out.add("    server node" + (i + 1) + " 127.0.0.1:" + nodePorts.get(i));
        }
        return String.join("\n", out) + "\n";
    }

    private void awaitForwarding(Path log) {
        await("haproxy forwarding on port " + port + " (log: " + log + ")").atMost(READY)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("haproxy exited with " + process.exitValue() + "; see " + log);
                    }
                    return ServerProcess.status(java.net.URI.create("http://127.0.0.1:" + port + "/health/ready"))
                            == 200;
                });
    }

    /** @return the port clients connect to */
    public int port() {
        return port;
    }

    /** Stops haproxy (SIGTERM: it closes every connection) and deletes its configuration file. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
