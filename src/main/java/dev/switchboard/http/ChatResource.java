package dev.switchboard.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.switchboard.config.HubConfig;

/**
 * {@code GET /}: the chat page and the browser client {@code switchboard.js} (and {@code switchboard.d.ts}),
 * open to everyone; in the WAR under its context root ({@code /switchboard/}). Serves only an allow-list of files
 * read once at construction, with a strict Content-Security-Policy. Thread-safe: immutable after construction.
 */
@Path("/")
@ApplicationScoped
public class ChatResource {

    /** Classpath folder of the chat page's files. */
    static final String FOLDER = "/chat/";

    /** Every file served, with its content type. */
    static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "chat.js", "text/javascript; charset=utf-8",
            "chat.css", "text/css; charset=utf-8",
            "switchboard.js", "text/javascript; charset=utf-8",
            "switchboard.d.ts", "application/typescript; charset=utf-8");

    /**
     * Scripts and styles only from the hub's own files (no inline script or style, no eval), connections only to
     * the hub itself (WebSocket included), no plugins, no framing, no form posts elsewhere.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    /** Replaced in index.html by {@code auth.mode}, so that the page asks for a name or for a token. */
    static final String AUTH_MODE_MARKER = "@AUTH_MODE@";

    /** The browser revalidates on every load, so a new hub version is picked up at once. */
    static final String CACHE_CONTROL = "no-cache";

    private final Map<String, byte[]> contents;

    @Inject
    public ChatResource(HubConfig config) {
        String mode = config.auth().mode().word();
        this.contents = Map.copyOf(FILES.keySet().stream().collect(Collectors.toMap(name -> name,
                name -> name.equals("index.html") ? withAuthMode(load(name), mode) : load(name))));
    }

    /**
     * For CDI proxies only. Public because RESTEasy (WildFly) wants a public constructor it can read before it
     * asks CDI for the instance.
     */
    public ChatResource() {
        this.contents = null;
    }

    /** The page; {@code /switchboard} without its slash is redirected, so the page's relative URLs resolve. */
    @GET
    public Response index(@Context UriInfo uri) {
        String path = uri.getRequestUri().getRawPath();
        if (path != null && !path.endsWith("/")) {
            return Response.status(Response.Status.MOVED_PERMANENTLY)
                    .location(uri.getRequestUriBuilder().replacePath(path + "/").replaceQuery(null).build())
                    .build();
        }
        return file("index.html");
    }

    @GET
    @Path("/{file}")
    public Response file(@PathParam("file") String file) {
        byte[] body = contents.get(file);
        Response.ResponseBuilder answer = body == null ? Response.status(Response.Status.NOT_FOUND)
                : Response.ok(body, FILES.get(file));
        return answer.header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    private static byte[] withAuthMode(byte[] html, String mode) {
        return new String(html, StandardCharsets.UTF_8).replace(AUTH_MODE_MARKER, mode)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] load(String name) {
        try (InputStream in = ChatResource.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("Chat page file missing from the classpath: " + FOLDER + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Chat page file unreadable: " + FOLDER + name, e);
        }
    }
}
