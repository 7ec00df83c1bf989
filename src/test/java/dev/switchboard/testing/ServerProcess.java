package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An application server started as a child process for a deployment test: its output goes to a log file, readiness
 * is a bounded poll of a health URL, and {@link #stop(Duration)} ends it (SIGTERM, then SIGKILL) and reports whether
 * it exited by itself.
 */
public final class ServerProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static ServerProcess start(List<String> command, Path log, Path workingDir) {
        try {
            Process p = new ProcessBuilder(command).directory(workingDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new ServerProcess(p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Polls {@code url} until it answers 200, failing early if the process dies. */
    public Duration awaitReady(URI url, Duration atMost) {
        long start = System.nanoTime();
        await("server ready at " + url + " (log: " + log + ")").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("server exited with " + process.exitValue() + "; see " + log);
                    }
                    return status(url) == 200;
                });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** @return the HTTP status of a GET, or -1 if nothing answered */
    public static int status(URI url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the file the server's output goes to */
    public Path log() {
        return log;
    }

    /**
     * The names of the server JVM's live threads, from {@code jcmd <pid> Thread.print} (the JDK's own tool) run on
     * the process and, for a launcher script, on its descendants; bounded by 60 s.
     */
    public List<String> threadNames() {
        return threadNamesOf(process);
    }

    /** The names of the live threads of {@code process}'s JVM (or of its first Java descendant's), as above. */
    static List<String> threadNamesOf(Process process) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<ProcessHandle> candidates = new java.util.ArrayList<>(List.of(process.toHandle()));
        candidates.addAll(process.descendants().toList());
        for (ProcessHandle jvm : candidates) {
            if (!jvm.info().command().map(c -> c.endsWith("java")).orElse(false)) {
                continue;
            }
            try {
                Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "Thread.print")
                        .redirectErrorStream(true).start();
                String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!dump.waitFor(60, TimeUnit.SECONDS) || dump.exitValue() != 0) {
                    throw new AssertionError("jcmd " + jvm.pid() + " Thread.print failed: " + out);
                }
                return out.lines().filter(l -> l.startsWith("\"")).map(l -> l.substring(1, l.indexOf('"', 1)))
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + jcmd, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no java process among the server's processes");
    }

    /**
     * Sends SIGTERM and waits up to {@code grace} for the process to exit; kills it (and its children) otherwise.
     *
     * @return how long it took to exit by itself, or null if it had to be killed
     */
    public Duration stop(Duration grace) {
        if (!process.isAlive()) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        // A launcher script (WildFly's standalone.sh) runs the server as its child: signal and await them all.
        List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        try {
            java.util.concurrent.CompletableFuture.allOf(all.stream().map(ProcessHandle::onExit)
                    .toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            all.forEach(ProcessHandle::destroyForcibly);
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all.forEach(ProcessHandle::destroyForcibly);
            return null;
        }
    }

    /** @return a TCP port that was free a moment ago */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteRecursively(Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    public static Path requiredFile(String systemProperty) {
        String value = System.getProperty(systemProperty);
        if (value == null || !new File(value).exists()) {
            throw new AssertionError("-D" + systemProperty + " must name an existing file (set by the pom), was "
                    + value);
        }
        return Path.of(value);
    }
}
