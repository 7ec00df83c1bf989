package dev.switchboard.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /dashboard}: a static page polling {@code /metrics} from the browser; the page is open, the data
 * stays behind {@link ApiAccessFilter}. Serves only an allow-list of files read once at construction, so no
 * request path reaches a file lookup. Thread-safe: immutable after construction.
 */
@Path("/dashboard")
public class DashboardResource {

    /** Classpath folder of the dashboard's files. */
    static final String FOLDER = "/dashboard/";

    /** Every file the dashboard serves, with its content type. */
    static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");

    /** The browser revalidates on every load, so a new hub version is picked up at once. */
    static final String CACHE_CONTROL = "no-cache";

    private final Map<String, byte[]> contents;

    public DashboardResource() {
        this.contents = Map.copyOf(FILES.keySet().stream()
                .collect(Collectors.toMap(name -> name, DashboardResource::load)));
    }

    @GET
    public Response index() {
        return file("index.html");
    }

    @GET
    @Path("/{file}")
    public Response file(@PathParam("file") String file) {
        byte[] body = contents.get(file);
        if (body == null) {
            return Response.status(Response.Status.NOT_FOUND).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                    .build();
        }
        return Response.ok(body, FILES.get(file)).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }

    private static byte[] load(String name) {
        try (InputStream in = DashboardResource.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("Dashboard file missing from the classpath: " + FOLDER + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Dashboard file unreadable: " + FOLDER + name, e);
        }
    }
}
