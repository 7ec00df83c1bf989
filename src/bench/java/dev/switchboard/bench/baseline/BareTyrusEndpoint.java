package dev.switchboard.bench.baseline;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import org.glassfish.tyrus.core.TyrusSession;

/**
 * The baseline: what a hand-written Tyrus broadcast endpoint does, with none of Switchboard's layers (no outbox,
 * registry, history, JSON parsing, metrics or limits). It speaks just enough of protocol v1 for the load generator:
 * a welcome, {@code subscribe} (remembered in the session's user properties, answered {@code subscribed}) and
 * {@code publish}, sent as a {@code message} frame to the channel's subscribers, and answered {@code published}.
 * Frames are cut with {@code indexOf}, not parsed: it trusts its client.
 *
 * <p>Two ways to send, chosen by the system property {@value #BROADCAST_PROPERTY}:
 * <ul>
 * <li>{@code false} (hub {@code tyrus}): {@code getAsyncRemote().sendText} to every open session subscribed to the
 * channel, what the {@code jakarta.websocket} API offers; Tyrus encodes the frame once per session;</li>
 * <li>{@code true} (hub {@code tyrus-broadcast}): Tyrus's own {@code TyrusSession.broadcast}, which encodes the frame
 * once and writes the same bytes to every open session of the endpoint (the publisher's too: it has no notion of
 * channels, which is fine for the one-channel {@code fanout} scenario). The fastest fan-out bare Tyrus has, so the
 * floor against which Switchboard's layers are measured.</li>
 * </ul>
 */
@ServerEndpoint("/ws")
public class BareTyrusEndpoint {

    /** System property: {@code true} to fan out with {@code TyrusSession.broadcast}. */
    public static final String BROADCAST_PROPERTY = "bench.tyrus.broadcast";
    private static final String CHANNEL = "channel";
    private final boolean broadcast = Boolean.getBoolean(BROADCAST_PROPERTY);
    private final AtomicLong offsets = new AtomicLong();

    @OnOpen
    public void open(Session session) {
        session.getAsyncRemote().sendText("{\"type\":\"welcome\",\"session\":\"" + session.getId() + "\"}");
    }

    @OnMessage
    public void message(Session session, String text) {
        String channel = field(text, "\"channel\":\"");
        if (channel == null) {
            return;
        }
        if (text.contains("\"type\":\"subscribe\"")) {
            session.getUserProperties().put(CHANNEL, channel);
            session.getAsyncRemote().sendText("{\"type\":\"subscribed\",\"channel\":\"" + channel + "\",\"offset\":0}");
        } else if (text.contains("\"type\":\"publish\"")) {
            int data = text.indexOf("\"data\":");
            int end = text.lastIndexOf('}');
            if (data < 0 || end <= data) {
                return;
            }
            long offset = offsets.incrementAndGet();
            String frame = "{\"type\":\"message\",\"channel\":\"" + channel + "\",\"offset\":" + offset + ",\"data\":"
                    + text.substring(data + 7, end) + ",\"from\":\"server\"}";
            if (broadcast) {
                ((TyrusSession) session).broadcast(frame);
            } else {
                for (Session s : session.getOpenSessions()) {
                    if (channel.equals(s.getUserProperties().get(CHANNEL))) {
                        s.getAsyncRemote().sendText(frame);
                    }
                }
            }
            session.getAsyncRemote().sendText("{\"type\":\"published\",\"channel\":\"" + channel + "\",\"offset\":"
                    + offset + "}");
        }
    }

    private static String field(String text, String key) {
        int at = text.indexOf(key);
        if (at < 0) {
            return null;
        }
        int end = text.indexOf('"', at + key.length());
        return end < 0 ? null : text.substring(at + key.length(), end);
    }
}
