package example;

import java.nio.ByteBuffer;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.channel.Hub;
import dev.switchboard.endpoint.CdiConfigurator;
import dev.switchboard.endpoint.Endpoints;

/**
 * An application's own endpoint on the Switchboard library: every connection joins {@code chat:lobby} and is told
 * so with a {@code joined} frame, and each text a client sends is published there as {@code {"from":…,"text":…}}.
 * The registry, outbox, heartbeat and message-size limit come from {@link Endpoints}.
 */
@ApplicationScoped
@ServerEndpoint(value = "/chat", configurator = CdiConfigurator.class)
public class ChatEndpoint {

    static final String LOBBY = "chat:lobby";
    /** Sent once the connection is in the lobby: from then on it receives what is published there. */
    static final String JOINED = "{\"type\":\"joined\",\"channel\":\"" + LOBBY + "\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Endpoints endpoints;
    private final Hub hub;

    @Inject
    public ChatEndpoint(Endpoints endpoints, Hub hub) {
        this.endpoints = endpoints;
        this.hub = hub;
    }

    /** For CDI proxies only. */
    protected ChatEndpoint() {
        this(null, null);
    }

    @OnOpen
    public void onOpen(Session session) {
        endpoints.open(session, (connection, text) -> hub.publish(LOBBY, json(connection.user(), text)),
                Endpoints.Delivery.ON_MESSAGE).ifPresent(connection -> {
                    hub.subscribe(connection, LOBBY);
                    connection.send(JOINED);
                });
    }

    @OnMessage
    public void onText(Session session, String part, boolean last) {
        endpoints.onText(session, part, last);
    }

    @OnMessage
    public void onBinary(Session session, ByteBuffer part, boolean last) {
        endpoints.onBinary(session, part, last);
    }

    @OnMessage
    public void onPong(Session session, PongMessage pong) {
        endpoints.onPong(session, pong);
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        endpoints.closed(session, reason);
    }

    @OnError
    public void onError(Session session, Throwable error) {
        endpoints.error(session, error);
    }

    private static String json(String from, String text) {
        try {
            return JSON.writeValueAsString(Map.of("from", from, "text", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
