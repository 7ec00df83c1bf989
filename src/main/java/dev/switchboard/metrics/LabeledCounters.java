package dev.switchboard.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One counter family with a single label, each counter looked up once and then kept: a refusal under a flood costs
 * a map read, not a registry lookup. Callers pass only label values from the hub's own catalogues (error codes,
 * close codes, refusal reasons), so the map stays small. Thread-safe.
 */
final class LabeledCounters {

    private final MeterRegistry registry;
    private final String name;
    private final String label;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    LabeledCounters(MeterRegistry registry, String name, String label) {
        this.registry = registry;
        this.name = name;
        this.label = label;
    }

    /** Adds one to the counter labelled {@code value}, registering it on first use. */
    void increment(String value) {
        counter(value).increment();
    }

    /** @return the counter labelled {@code value}, registered now if it was not yet */
    Counter counter(String value) {
        Counter c = counters.get(value);
        return c != null ? c : counters.computeIfAbsent(value, v -> registry.counter(name, label, v));
    }
}
