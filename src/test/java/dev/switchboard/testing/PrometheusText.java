package dev.switchboard.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed Prometheus text exposition (format 0.0.4), as a scraper reads it: the {@code # TYPE} of each family and
 * every sample with its labels. Strict: a line that is not a comment, blank or a well-formed sample fails the test.
 */
public final class PrometheusText {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types;
    private final List<Sample> samples;

    private PrometheusText(Map<String, String> types, List<Sample> samples) {
        this.types = types;
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).trim().split(" ");
                types.put(parts[0], parts[1]);
            } else if (!line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new PrometheusText(types, samples);
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf("=\"", i);
                String key = line.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        j++;
                        c = line.charAt(j) == 'n' ? '\n' : line.charAt(j);
                    }
                    value.append(c);
                    j++;
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split(" ");
        if (name.isEmpty() || rest.length < 1) {
            throw new AssertionError("not a sample line: " + line);
        }
        return new Sample(name, labels, parseValue(rest[0], line));
    }

    private static double parseValue(String raw, String line) {
        switch (raw) {
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            case "NaN": return Double.NaN;
            default:
                try {
                    return Double.parseDouble(raw);
                } catch (NumberFormatException e) {
                    throw new AssertionError("bad sample value in: " + line, e);
                }
        }
    }

    /** @return the family's type ({@code counter}, {@code gauge}, {@code histogram}, {@code summary}), or null */
    public String type(String family) {
        return types.get(family);
    }

    /** @return every family name that has a {@code # TYPE} line */
    public Set<String> families() {
        return new TreeSet<>(types.keySet());
    }

    /** @return the samples of this exact name */
    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** @return the value of the one sample with this name and exactly these labels; fails if there is none */
    public double value(String name, String... labelPairs) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i + 1 < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        return samples(name).stream()
                .filter(s -> s.labels().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + wanted + " in the scrape; samples of "
                        + name + ": " + samples(name)))
                .value();
    }

    /** @return the values of label {@code label} over the samples of {@code name} */
    public Set<String> labelValues(String name, String label) {
        Set<String> values = new TreeSet<>();
        samples(name).forEach(s -> {
            if (s.labels().containsKey(label)) {
                values.add(s.labels().get(label));
            }
        });
        return values;
    }
}
