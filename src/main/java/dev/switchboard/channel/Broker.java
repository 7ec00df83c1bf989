package dev.switchboard.channel;

import java.util.List;
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
     * their {@link #onDirect} target (the composition sets it). Fire and forget; the default has no other node.
     */
    default void sendToUser(String user, String frameText) {
    }

    /** Where {@code direct} frames from other nodes go: (user, frame text). The default has no other node. */
    default void onDirect(BiConsumer<String, String> target) {
    }

    /**
     * A user's first connection subscribed to the channel on this node ({@code joined}), or its last left: a shared
     * engine records it (presence on every node) and, when {@code announce}, sends the event to the other nodes'
     * {@link #onPresence} targets. Called under the channel's lock; never blocks.
     */
    default void presenceChanged(String channel, String user, boolean joined, boolean announce) {
    }

    /** Where presence events from other nodes go: (channel, user, joined). The default has no other node. */
    default void onPresence(PresenceTarget target) {
    }

    /** @return the users subscribed on every node, or null when only this node's count (memory) */
    default CompletionStage<List<String>> presence(String channel) {
        return null;
    }

    /** Receives presence events from other nodes. */
    @FunctionalInterface
    interface PresenceTarget {
        void changed(String channel, String user, boolean joined);
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
