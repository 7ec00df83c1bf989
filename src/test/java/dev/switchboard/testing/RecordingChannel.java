package dev.switchboard.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.switchboard.client.ChannelListener;
import dev.switchboard.client.Gap;
import dev.switchboard.client.HubErrorException;
import dev.switchboard.client.Message;

/**
 * A {@link ChannelListener} that records what the Java client delivered, in order: messages and gaps interleaved
 * as they came. Thread-safe.
 */
public final class RecordingChannel implements ChannelListener {

    /** One delivery: a message or a gap. */
    public record Event(Message message, Gap gap) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<HubErrorException> refusals = new CopyOnWriteArrayList<>();
    private final List<String> presence = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(Message message) {
        events.add(new Event(message, null));
    }

    @Override
    public void onGap(Gap gap) {
        events.add(new Event(null, gap));
    }

    @Override
    public void onPresence(String event, String user) {
        presence.add(event + " " + user);
    }

    @Override
    public void onRefused(HubErrorException error) {
        refusals.add(error);
    }

    /** @return every delivery so far, in order */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** @return the messages delivered so far, in order */
    public List<Message> messages() {
        return events.stream().filter(e -> e.message() != null).map(Event::message).toList();
    }

    /** @return the offsets delivered so far, in order */
    public List<Long> offsets() {
        return messages().stream().map(Message::offset).toList();
    }

    /** @return the gaps reported so far, in order */
    public List<Gap> gaps() {
        return events.stream().filter(e -> e.gap() != null).map(Event::gap).toList();
    }

    /** @return presence events so far, each {@code "join <user>"} or {@code "leave <user>"} */
    public List<String> presence() {
        return List.copyOf(presence);
    }

    /** @return the subscriptions the hub refused */
    public List<HubErrorException> refusals() {
        return List.copyOf(refusals);
    }
}
