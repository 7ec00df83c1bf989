package dev.switchboard.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.switchboard.testing.HubProcess;
import dev.switchboard.testing.PrometheusText;

/**
 * What a hub process has spent so far, for the cost of an attack as a difference of two samples: CPU time of its
 * threads by group (selectors, send pool, collector…; from {@code /proc/<pid>/task}, in clock ticks of 10 ms;
 * empty where {@code /proc} is missing) and its collector's pauses (count and total, from
 * {@code jvm_gc_pause_seconds} in {@code /metrics}). Linux only for the CPU part.
 */
record HubCost(Map<String, Long> ticks, double gcPauses, double gcPauseSeconds) {

    /** Thread groups by the start of their names (Linux keeps 15 characters); the rest count as "other". */
    private static final Map<String, String> GROUPS = Map.of("grizzly-nio-ker", "selectors",
            "switchboard-sen", "send pool", "switchboard-rea", "reaper", "GC Thread", "collector", "G1 ",
            "collector", "C2 CompilerThre", "compilers", "C1 CompilerThre", "compilers", "VM Thread", "VM thread");

    static HubCost sample(HubProcess node) {
        PrometheusText m = node.metrics();
        return new HubCost(threadTicks(node.pid()), sum(m, "jvm_gc_pause_seconds_count"),
                sum(m, "jvm_gc_pause_seconds_sum"));
    }

    /** @return what was spent between {@code before} and this sample, described for the test's output */
    String since(HubCost before) {
        StringBuilder cpu = new StringBuilder();
        new TreeMap<>(ticks).forEach((group, t) -> cpu.append(String.format("%s %d, ", group,
                (t - before.ticks.getOrDefault(group, 0L)) * 10)));
        return String.format("CPU ms: %sGC: %.0f pauses, %.1f ms in all", cpu, gcPauses - before.gcPauses,
                (gcPauseSeconds - before.gcPauseSeconds) * 1000);
    }

    private static double sum(PrometheusText m, String name) {
        return m.samples(name).stream().mapToDouble(PrometheusText.Sample::value).sum();
    }

    private static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return ticks;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(task -> addTicks(task, ticks));
        } catch (IOException e) {
            return ticks;
        }
        return ticks;
    }

    /** Adds utime + stime of a thread (fields 14 and 15 of its stat) to its group's. */
    private static void addTicks(Path task, Map<String, Long> ticks) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            int close = stat.lastIndexOf(')');
            String name = stat.substring(stat.indexOf('(') + 1, close);
            String group = GROUPS.entrySet().stream().filter(g -> name.startsWith(g.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse("other");
            String[] fields = stat.substring(close + 2).split(" ");
            ticks.merge(group, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
        } catch (IOException | RuntimeException e) {
            // the thread ended meanwhile
        }
    }
}
