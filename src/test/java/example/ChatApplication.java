package example;

import java.util.Set;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application of the example's WAR: only {@link AnnouncementResource} ({@code POST /announce}). Listing
 * classes in {@code getClasses()} turns off scanning, so the library's resources ({@code /api/v1/…},
 * {@code /health/…}, {@code /metrics}, {@code /dashboard}) and its filters are not deployed.
 */
@ApplicationPath("/")
public class ChatApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(AnnouncementResource.class);
    }
}
