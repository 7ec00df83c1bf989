package dev.switchboard.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Produces the hub's Prometheus meter registry, with the JVM and process binders, and its {@link HubMetrics}.
 * Prometheus is what operators of Java services scrape; Micrometer keeps the choice of backend open.
 */
@ApplicationScoped
public class MetricsProducer {

    @Produces
    @Singleton
    @Typed(PrometheusMeterRegistry.class)
    public PrometheusMeterRegistry prometheusRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return registry;
    }

    @Produces
    @Singleton
    public JvmGcMetrics gcMetrics(PrometheusMeterRegistry registry) {
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc;
    }

    void closeGcMetrics(@Disposes JvmGcMetrics gc) {
        gc.close();
    }

    void closeRegistry(@Disposes PrometheusMeterRegistry registry) {
        registry.close();
    }

    @Produces
    @Singleton
    public MeterRegistry meterRegistry(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        return registry;
    }

    @Produces
    @Singleton
    public HubMetrics hubMetrics(MeterRegistry registry) {
        return new MicrometerHubMetrics(registry);
    }
}
