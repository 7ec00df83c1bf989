package example.secure;

import java.util.Set;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import dev.switchboard.container.ServletRemoteAddressFilter;
import dev.switchboard.http.ApiAccessFilter;
import dev.switchboard.http.RevocationsResource;

/**
 * The secured example's second JAX-RS application, at {@code /admin}: the library's revocations
 * ({@code /admin/api/v1/revocations}) behind its own access filter ({@code api.key}, or loopback without one), as
 * {@code container.SwitchboardApplication} serves them.
 */
@ApplicationPath("/admin")
public class AdminApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(RevocationsResource.class, ApiAccessFilter.class, ServletRemoteAddressFilter.class);
    }
}
