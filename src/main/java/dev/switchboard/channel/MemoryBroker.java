package dev.switchboard.channel;

import java.util.function.Consumer;

import dev.switchboard.protocol.ChannelMessage;

/**
 * The single-node {@link Broker}: delivers on the publishing thread, so a channel's messages reach subscribers in
 * the order {@link ChannelService} numbered them under the channel's lock.
 */
public final class MemoryBroker implements Broker {

    private volatile Consumer<ChannelMessage> delivery = m -> { };

    @Override
    public void start(Consumer<ChannelMessage> target) {
        this.delivery = target;
    }

    @Override
    public void publish(ChannelMessage message) {
        delivery.accept(message);
    }

    @Override
    public void close() {
        delivery = m -> { };
    }
}
