package dev.switchboard.channel;

import java.util.function.Consumer;

import dev.switchboard.protocol.ChannelMessage;

/**
 * Carries published messages to every node's subscribers. SPI: {@link MemoryBroker} for one node, a Redis broker
 * for a cluster. Thread-safe.
 */
public interface Broker extends AutoCloseable {

    /** Starts delivering: every message published anywhere reaches {@code delivery}, in offset order per channel. */
    void start(Consumer<ChannelMessage> delivery);

    /** Publishes a message that {@link HistoryStore#append} has numbered. Never blocks on a slow subscriber. */
    void publish(ChannelMessage message);

    @Override
    void close();
}
