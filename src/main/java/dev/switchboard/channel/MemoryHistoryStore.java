package dev.switchboard.channel;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.switchboard.config.HistorySettings;
import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.support.MonotonicClock;

/**
 * The single hub's {@link HistoryStore}, in memory, bounded per channel by count and age. Thread-safe; a call
 * takes only its channel's lock and does no I/O; {@link #expire()} drops old messages and idle streams.
 * See docs/design-notes.md, "History, offsets and epochs".
 */
public final class MemoryHistoryStore implements HistoryStore {

    /** Random bytes in an epoch: 72 bits, 12 URL-safe characters. */
    private static final int EPOCH_BYTES = 9;

    private final JsonCodec codec;
    private final Function<String, HistorySettings> limits;
    private final MonotonicClock clock;
    private final LongSupplier wallClockMillis;
    private final ConcurrentHashMap<String, MemoryStream> streams = new ConcurrentHashMap<>();
    private final AtomicLong held = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param codec           encodes each message frame once, on append
     * @param historySize     the most messages kept per channel, {@code >= 0}; 0 keeps none
     * @param historyTtl      the age at which a message leaves history, and the idle time after which an empty
     *                        channel's stream may be dropped; positive
     * @param clock           the monotonic clock that ages messages
     * @param wallClockMillis the wall clock, epoch milliseconds UTC, that stamps each message's publish time
     */
    public MemoryHistoryStore(JsonCodec codec, int historySize, Duration historyTtl, MonotonicClock clock,
            LongSupplier wallClockMillis) {
        this(codec, fixed(checked(new HistorySettings(historySize, historyTtl))), clock, wallClockMillis);
    }

    /**
     * As the other constructor, with each channel's limits from {@code limits} (per namespace, for example), asked
     * once when the channel's stream is created.
     */
    public MemoryHistoryStore(JsonCodec codec, Function<String, HistorySettings> limits, MonotonicClock clock,
            LongSupplier wallClockMillis) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.wallClockMillis = Objects.requireNonNull(wallClockMillis, "wallClockMillis");
    }

    @Override
    public ChannelMessage append(String channel, String data, String from) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(from, "from");
        while (true) {
            MemoryStream stream = stream(channel);
            ChannelMessage message = stream.append(data, from, clock.nanoTime(), wallClockMillis.getAsLong());
            if (message != null) {
                return message;
            }
            // Retired by expire() or close() after we looked it up: unlink it and use the channel's new stream.
            streams.remove(channel, stream);
        }
    }

    @Override
    public HistoryRead read(String channel, long since, int limit) {
        if (since < 0) {
            throw new IllegalArgumentException("since must be >= 0, was " + since);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        while (true) {
            MemoryStream stream = stream(channel);
            HistoryRead read = stream.read(since, limit, clock.nanoTime());
            if (read != null) {
                return read;
            }
            streams.remove(channel, stream);
        }
    }

    @Override
    public StreamPosition position(String channel) {
        while (true) {
            MemoryStream stream = stream(channel);
            StreamPosition position = stream.position(clock.nanoTime());
            if (position != null) {
                return position;
            }
            streams.remove(channel, stream);
        }
    }

    @Override
    public long heldMessages() {
        return held.get();
    }

    /** @return channels whose stream is currently kept; a gauge, weakly consistent under concurrent changes */
    public int channelCount() {
        return streams.size();
    }

    /**
     * Drops expired messages in every channel, and the streams of channels that hold nothing and were idle for the
     * TTL. Thread-safe; takes each channel's lock in turn, never more than one at a time.
     */
    @Override
    public void expire() {
        long now = clock.nanoTime();
        streams.forEach((channel, stream) -> {
            if (stream.expire(now)) {
                streams.remove(channel, stream);
            }
        });
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        streams.forEach((channel, stream) -> {
            stream.retire();
            streams.remove(channel, stream);
        });
    }

    /** The channel's live stream, created if absent. */
    private MemoryStream stream(String channel) {
        Objects.requireNonNull(channel, "channel");
        if (closed.get()) {
            throw new IllegalStateException("history store is closed");
        }
        MemoryStream stream = streams.get(channel);
        if (stream == null) {
            // Made outside the map's bin lock (SecureRandom may read the OS); a racing creator's stream wins.
            MemoryStream created = newStream(channel);
            MemoryStream raced = streams.putIfAbsent(channel, created);
            stream = raced == null ? created : raced;
        }
        // Checked again after the insert, so close() either sees this stream and retires it or we see the flag.
        if (closed.get()) {
            stream.retire();
            streams.remove(channel, stream);
            throw new IllegalStateException("history store is closed");
        }
        return stream;
    }

    private MemoryStream newStream(String channel) {
        byte[] bytes = new byte[EPOCH_BYTES];
        random.nextBytes(bytes);
        String epoch = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        HistorySettings kept = checked(limits.apply(channel));
        return new MemoryStream(channel, epoch, codec, kept.size(), kept.ttl().toNanos(), held, clock.nanoTime());
    }

    private static HistorySettings checked(HistorySettings kept) {
        if (kept.size() < 0) {
            throw new IllegalArgumentException("historySize must be >= 0, was " + kept.size());
        }
        if (kept.ttl().isNegative() || kept.ttl().isZero()) {
            throw new IllegalArgumentException("historyTtl must be positive, was " + kept.ttl());
        }
        return kept;
    }

    private static Function<String, HistorySettings> fixed(HistorySettings limits) {
        return channel -> limits;
    }
}
