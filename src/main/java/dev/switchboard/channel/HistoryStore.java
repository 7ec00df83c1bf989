package dev.switchboard.channel;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.switchboard.protocol.ChannelMessage;

/**
 * SPI: numbers each channel's messages (offsets in an epoch), keeps a bounded history ({@link MemoryHistoryStore},
 * or Redis shared by every node). Thread-safe; channels do not contend, and no method blocks but briefly. The hub
 * calls the {@code *Async} methods: a remote store completes them later (failing with
 * {@link EngineUnavailableException} when it cannot answer); the memory store completes them at once, on the caller.
 * See docs/design-notes.md, "History, offsets and epochs".
 */
public interface HistoryStore extends AutoCloseable {

    /**
     * Appends a message: gives it the channel's next offset and the channel's epoch, encodes its {@code message}
     * frame exactly once, keeps it in history (unless the history size is 0) and returns it. Offset assignment and
     * storing are atomic, so concurrent appends to one channel get gap-free, strictly increasing offsets in the
     * order they are stored.
     *
     * <p>Offsets start at 1 in an epoch, an opaque string fixed when the channel's stream is created. A store that
     * lost the stream (a restart of an in-memory store, an idle stream dropped) starts again at offset 1 in a new
     * epoch, so that clients that kept the old epoch are told {@code recovered=false} instead of being given
     * unrelated messages.
     *
     * @param channel a valid channel name
     * @param data    the payload as serialized JSON text
     * @param from    the publishing user, or {@code server}
     * @return the stored message with its offset, epoch, publish time and encoded frame
     * @throws IllegalStateException when the store is closed
     */
    ChannelMessage append(String channel, String data, String from);

    /**
     * Reads history after {@code since}: at most {@code limit} held messages with offset &gt; {@code since},
     * ascending, with the channel's current position.
     *
     * <p>{@code recovered} is {@code false} when messages after {@code since} are no longer held (the oldest held
     * offset is above {@code since + 1}, because of the size limit or the TTL) or when {@code since} is above the
     * latest offset (the client's offset belongs to another epoch). It is {@code true} otherwise, including when
     * {@code since} equals the latest offset. Even when {@code false}, {@code messages} lists the oldest held messages
     * after {@code since}: the {@code history} request answers with what it has. {@code recovered} does not say
     * that the list reaches the latest offset; when {@code limit} cut it short, the last listed offset is below
     * {@code position().offset()} and the caller may page on from it.
     *
     * @param since the last offset the caller has, {@code 0} for everything held
     * @param limit the most messages to return, at least 1
     * @throws IllegalArgumentException when {@code since} is negative or {@code limit} is below 1
     * @throws IllegalStateException    when the store is closed
     */
    HistoryRead read(String channel, long since, int limit);

    /**
     * The channel's current position, without messages.
     *
     * @throws IllegalStateException when the store is closed
     */
    StreamPosition position(String channel);

    /** @return messages held in all channels; a gauge, cheap to call */
    long heldMessages();

    /**
     * Drops expired messages and idle channel state; the hub calls this after every heartbeat sweep, at least once
     * a second. Never blocks long.
     */
    default void expire() {
    }

    /** Releases the store's resources. Idempotent; later appends and reads throw {@link IllegalStateException}. */
    @Override
    void close();

    /**
     * Reads what a subscriber that last saw ({@code since}, {@code epoch}) missed, for recovery on subscribe.
     *
     * <p>When {@code epoch} is not null and differs from the channel's epoch, the answer has no messages and
     * {@code recovered=false}: the client's offsets mean nothing in this epoch. Otherwise the answer is
     * {@link #read}'s, except that {@code recovered} is {@code true} only when the messages are exactly those with
     * offsets {@code since + 1 … position().offset()}, so a list cut short by {@code limit} is not a recovery: the
     * subscriber would otherwise skip the messages between the list and the live stream.
     *
     * @param epoch the epoch the client last saw, or {@code null} when it does not know one
     * @throws IllegalArgumentException when {@code since} is negative or {@code limit} is below 1
     * @throws IllegalStateException    when the store is closed
     */
    default HistoryRead recover(String channel, long since, String epoch, int limit) {
        HistoryRead read = recoverPage(channel, since, epoch, limit);
        boolean complete = read.recovered() && read.lastOffset(since) == read.position().offset();
        return complete ? read : new HistoryRead(read.position(), read.messages(), false);
    }

    /**
     * The first page of a recovery: as {@link #recover}, except that a list cut short by {@code limit} is still a
     * recovery. {@code recovered} says that every message after {@code since} is still held in the client's epoch;
     * the caller pages on with {@link #read} from the last listed offset until it reaches {@code position()}.
     *
     * @throws IllegalArgumentException when {@code since} is negative or {@code limit} is below 1
     * @throws IllegalStateException    when the store is closed
     */
    default HistoryRead recoverPage(String channel, long since, String epoch, int limit) {
        StreamPosition current = position(channel);
        if (epoch != null && !epoch.equals(current.epoch())) {
            return new HistoryRead(current, List.of(), false);
        }
        HistoryRead read = read(channel, since, limit);
        if (epoch != null && !epoch.equals(read.position().epoch())) {
            return new HistoryRead(read.position(), List.of(), false);
        }
        return read;
    }

    /** {@link #append}, asynchronously; the default runs it on the caller and completes at once. */
    default CompletionStage<ChannelMessage> appendAsync(String channel, String data, String from) {
        return CompletableFuture.completedFuture(append(channel, data, from));
    }

    /** {@link #read}, asynchronously; the default runs it on the caller and completes at once. */
    default CompletionStage<HistoryRead> readAsync(String channel, long since, int limit) {
        return CompletableFuture.completedFuture(read(channel, since, limit));
    }

    /**
     * {@link #position}, asynchronously; a remote store creates the channel's epoch if it has none, so every node
     * answers the same. The default runs on the caller and completes at once.
     */
    default CompletionStage<StreamPosition> positionAsync(String channel) {
        return CompletableFuture.completedFuture(position(channel));
    }

    /** {@link #recoverPage}, asynchronously; the default runs it on the caller and completes at once. */
    default CompletionStage<HistoryRead> recoverPageAsync(String channel, long since, String epoch, int limit) {
        return CompletableFuture.completedFuture(recoverPage(channel, since, epoch, limit));
    }
}
