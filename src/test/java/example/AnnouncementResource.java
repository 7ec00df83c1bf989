package example;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.channel.Hub;

/** Publishing from a JAX-RS resource: {@code POST /announce} with a text body reaches everyone in the lobby. */
@ApplicationScoped
@Path("/announce")
public class AnnouncementResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Hub hub;

    @Inject
    public AnnouncementResource(Hub hub) {
        this.hub = hub;
    }

    /** For CDI proxies (and JAX-RS runtimes that read the public constructor first). */
    public AnnouncementResource() {
        this(null);
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    public Response announce(String text) throws JsonProcessingException {
        hub.publish(ChatEndpoint.LOBBY, JSON.writeValueAsString(Map.of("from", "announcer", "text", text)));
        return Response.noContent().build();
    }
}
