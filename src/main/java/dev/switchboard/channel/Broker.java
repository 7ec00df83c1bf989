package dev.switchboard.channel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.switchboard.protocol.ChannelMessage;

/**
 * Carries published messages to every node's subscribers. SPI: {@link MemoryBroker} for one node (delivers inline,
 * on the publishing thread), a Redis broker for a cluster ({@link #shared}: delivers on its own thread, in offset
 * order per channel, only the channels this node {@link #track}s). Thread-safe.
 */
public interface Broker extends AutoCloseable {

    /** Starts delivering: every message published anywhere reaches {@code delivery}, in offset order per channel. */
    void start(Consumer<ChannelMessage> delivery);

    /** Publishes a message that {@link HistoryStore#append} has numbered. Never blocks on a slow subscriber. */
    void publish(ChannelMessage message);

    /** @return whether messages come from a store shared by several nodes, delivered asynchronously */
    default boolean shared() {
        return false;
    }

    /**
     * Makes sure this node receives the channel's messages. Completes, on the delivery thread and before any later
     * message of the channel is delivered, with the position after which deliveries continue (null for a broker
     * that is not {@link #shared}); fails with {@link EngineUnavailableException}. Idempotent; called under the
     * channel's lock, never blocks.
     */
    default CompletionStage<StreamPosition> track(String channel) {
        return CompletableFuture.completedFuture(null);
    }

    /** This node has no subscriber of the channel left: stop receiving it. Called under the channel's lock. */
    default void untrack(String channel) {
    }

    /**
     * Sends an encoded {@code direct} frame to the user's connections on the other nodes, whose brokers hand it to
     * their {@link #onDirect} target. Fire and forget; the default has no other node.
     */
    default void sendToUser(String user, String frameText) {
    }

    /** Where {@code direct} frames from other nodes go: (user, frame text). The default has no other node. */
    default void onDirect(BiConsumer<String, String> target) {
    }

    /** @return the engine's name for health and the dashboard: {@code memory} or {@code redis} */
    default String engine() {
        return "memory";
    }

    /** @return whether the engine can serve publishes now (readiness); always for memory */
    default boolean up() {
        return true;
    }

    @Override
    void close();
}
