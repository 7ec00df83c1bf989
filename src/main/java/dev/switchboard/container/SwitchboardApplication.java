package dev.switchboard.container;

import java.util.Set;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import dev.switchboard.http.ApiAccessFilter;
import dev.switchboard.http.ChannelsResource;
import dev.switchboard.http.DashboardResource;
import dev.switchboard.http.HealthResource;
import dev.switchboard.http.MetricsResource;

/**
 * The HTTP API inside an application server: the container finds this class in the WAR and serves the listed
 * resources under the context root ({@code /switchboard/api/v1/…}, {@code /switchboard/health/…},
 * {@code /switchboard/metrics}). The resources and {@link ApiAccessFilter} are CDI beans there; the standalone
 * runtime registers its own instances instead and never uses this class.
 */
@ApplicationPath("/")
public class SwitchboardApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ChannelsResource.class, HealthResource.class, MetricsResource.class, DashboardResource.class,
                ApiAccessFilter.class, ServletRemoteAddressFilter.class);
    }
}
