package dev.switchboard.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the load generator reads about the hub under test: VmRSS, threads and CPU ticks from {@code /proc/<pid>},
 * heap after a full GC from {@code jcmd} (JVM hubs), and {@code switchboard_connections} from {@code /metrics}.
 * Every read is bounded; a failed read gives -1 rather than failing the run.
 */
final class HubProcess {

    /** A heap line of {@code GC.heap_info}: G1's one, or each generation's (Serial, Parallel); not Metaspace. */
    private static final Pattern HEAP_USED = Pattern.compile(
            "(?m)^\\s*(?:garbage-first heap|def new generation|tenured generation|PSYoungGen|ParOldGen)\\s+total \\d+K, used (\\d+)K");
    /** Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long pid;
    private final boolean jvm;
    private final URI metricsUrl;
    private final HttpClient http;

    HubProcess(long pid, boolean jvm, URI metricsUrl, HttpClient http) {
        this.pid = pid;
        this.jvm = jvm;
        this.metricsUrl = metricsUrl;
        this.http = http;
    }

    boolean known() {
        return pid > 0;
    }

    long rssKb() {
        return statusField("VmRSS:");
    }

    long threads() {
        return statusField("Threads:");
    }

    /** @return utime + stime of the hub in clock ticks, or -1 */
    long cpuTicks() {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** @return CPU use between two {@link #cpuTicks()} readings, in percent of one core */
    static double cpuPercent(long ticksBefore, long ticksAfter, long nanos) {
        if (ticksBefore < 0 || ticksAfter < 0 || nanos <= 0) {
            return -1;
        }
        return (ticksAfter - ticksBefore) / TICKS_PER_SECOND / (nanos / 1e9) * 100.0;
    }

    /** @return heap in use after a full GC, in kB, for a JVM hub; -1 otherwise */
    long heapUsedAfterGcKb() {
        if (!jvm || pid <= 0) {
            return -1;
        }
        run("jcmd", Long.toString(pid), "GC.run");
        String out = run("jcmd", Long.toString(pid), "GC.heap_info");
        Matcher m = HEAP_USED.matcher(out);
        long used = -1;
        while (m.find()) {
            used = Math.max(used, 0) + Long.parseLong(m.group(1));
        }
        return used;
    }

    /** @return the hub's {@code switchboard_connections} gauge, or -1 without a metrics URL or on failure */
    long connectionsGauge() {
        return (long) metric("switchboard_connections", "");
    }

    /**
     * @return the first {@code /metrics} sample named {@code name} (with no labels, or labels containing
     *         {@code label}), or -1 without a metrics URL, on failure or when there is none
     */
    double metric(String name, String label) {
        if (metricsUrl == null) {
            return -1;
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metricsUrl).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{") && line.contains(label)) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    private long statusField(String name) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
