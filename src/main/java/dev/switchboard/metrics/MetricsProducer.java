package dev.switchboard.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Produces the hub's meter registry and its {@link HubMetrics}. */
@ApplicationScoped
public class MetricsProducer {

    @Produces
    @Singleton
    public MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Produces
    @Singleton
    public HubMetrics hubMetrics(MeterRegistry registry) {
        return new MicrometerHubMetrics(registry);
    }
}
