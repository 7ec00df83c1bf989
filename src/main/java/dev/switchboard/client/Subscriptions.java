package dev.switchboard.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The channels the application subscribed to, each with its listener and {@link ChannelCursor}: remembered across
 * connections, resubscribed with {@code since}/{@code epoch}, messages deduplicated and gaps reported before what
 * follows them. Callbacks go to the delivery executor in order. Not thread-safe: the event loop's.
 */
final class Subscriptions {

    private record Entry(ChannelListener listener, ChannelCursor cursor) {
    }

    private final ClientFrames frames;
    private final Executor delivery;
    private final Map<String, Entry> byChannel = new LinkedHashMap<>();
    private final Map<Long, String> requestIds = new HashMap<>();

    Subscriptions(ClientFrames frames, Executor delivery) {
        this.frames = frames;
        this.delivery = delivery;
    }

    /**
     * Remembers a channel; subscribing again only replaces the listener (the position is kept).
     *
     * @return its subscribe frame, to send now if connected; {@code null} when the channel was already subscribed
     */
    ObjectNode add(String channel, ChannelListener listener, long id) {
        Entry known = byChannel.get(channel);
        if (known != null) {
            byChannel.put(channel, new Entry(listener, known.cursor()));
            return null;
        }
        Entry e = new Entry(listener, new ChannelCursor(channel));
        byChannel.put(channel, e);
        requestIds.put(id, channel);
        return frames.subscribe(id, channel, e.cursor());
    }

    /** Forgets a channel; @return whether it was subscribed */
    boolean remove(String channel) {
        requestIds.values().remove(channel);
        return byChannel.remove(channel) != null;
    }

    /** @return a subscribe frame for every channel, from where each one stands */
    List<ObjectNode> resubscribe(LongSupplier ids) {
        requestIds.clear();
        List<ObjectNode> out = new ArrayList<>();
        byChannel.forEach((channel, e) -> {
            long id = ids.getAsLong();
            requestIds.put(id, channel);
            out.add(frames.subscribe(id, channel, e.cursor()));
        });
        return out;
    }

    /** The connection is gone: every channel waits for its next {@code subscribed}. */
    void suspend() {
        byChannel.values().forEach(e -> e.cursor().suspend());
    }

    /** The hub's {@code subscribed}: a gap is reported when the missed messages will not come. */
    void subscribed(JsonNode frame) {
        Entry e = byChannel.get(frame.path("channel").asText());
        if (e == null) {
            return;
        }
        requestIds.remove(frame.path("id").asLong());
        JsonNode recovered = frame.get("recovered");
        Optional<Gap> gap = e.cursor().subscribed(frame.path("epoch").asText(), frame.path("offset").asLong(),
                recovered == null ? null : recovered.asBoolean());
        gap.ifPresent(g -> delivery.execute(() -> e.listener().onGap(g)));
    }

    /** A {@code message} frame: delivered once, in order, after any gap before it. */
    void arrived(JsonNode frame) {
        Entry e = byChannel.get(frame.path("channel").asText());
        if (e == null) {
            return;
        }
        ChannelCursor.Verdict verdict = e.cursor().arrived(frame.path("epoch").asText(),
                frame.path("offset").asLong());
        verdict.gap().ifPresent(g -> delivery.execute(() -> e.listener().onGap(g)));
        if (verdict.deliver()) {
            Message m = Message.of(frame);
            delivery.execute(() -> e.listener().onMessage(m));
        }
    }

    /** A {@code join} or {@code leave} frame, delivered in order with the channel's messages. */
    void presence(JsonNode frame) {
        Entry e = byChannel.get(frame.path("channel").asText());
        if (e != null) {
            String event = frame.path("type").asText();
            String user = frame.path("user").asText();
            delivery.execute(() -> e.listener().onPresence(event, user));
        }
    }

    /** @return whether {@code id} was a subscribe, now refused: the channel is forgotten and its listener told */
    boolean refused(long id, HubErrorException error) {
        String channel = requestIds.remove(id);
        if (channel == null) {
            return false;
        }
        Entry e = byChannel.remove(channel);
        if (e != null) {
            delivery.execute(() -> e.listener().onRefused(error));
        }
        return true;
    }
}
