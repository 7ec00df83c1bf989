package dev.switchboard.container;

import java.util.Set;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import dev.switchboard.http.ApiAccessFilter;
import dev.switchboard.http.ApiRateLimitFilter;
import dev.switchboard.http.ChannelsResource;
import dev.switchboard.http.ChatResource;
import dev.switchboard.http.DashboardResource;
import dev.switchboard.http.HealthResource;
import dev.switchboard.http.MetricsResource;
import dev.switchboard.http.RevocationsResource;
import dev.switchboard.http.UsersResource;

/**
 * The HTTP API inside an application server: the container finds it in the WAR and serves the listed resources and
 * {@link ApiAccessFilter} and {@link ApiRateLimitFilter}, CDI beans there, under the context root
 * ({@code /switchboard/api/v1/…}, {@code /health/…}, {@code /metrics}, the chat page at {@code /switchboard/}). The
 * standalone runtime registers its own instances, never this class.
 */
@ApplicationPath("/")
public class SwitchboardApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ChannelsResource.class, HealthResource.class, MetricsResource.class, DashboardResource.class,
                ChatResource.class, RevocationsResource.class, UsersResource.class, ApiAccessFilter.class,
                ApiRateLimitFilter.class, ServletRemoteAddressFilter.class);
    }
}
