package dev.switchboard.cluster;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.lettuce.core.ScriptOutputType;

import dev.switchboard.channel.HistoryRead;
import dev.switchboard.channel.HistoryStore;
import dev.switchboard.channel.StreamPosition;
import dev.switchboard.config.HistorySettings;
import dev.switchboard.protocol.ChannelMessage;
import dev.switchboard.protocol.JsonCodec;
import dev.switchboard.protocol.Push;

/**
 * The {@link HistoryStore} in Redis, shared by every node: per channel a hash (offset, epoch) and a stream (the
 * history), changed only by {@link Scripts}. Asynchronous; the synchronous methods wait for the answer (for tools
 * and tests, never called on the hub's I/O threads). Each message's {@code message} frame is encoded once per node.
 */
final class RedisHistoryStore implements HistoryStore {

    /** Random bytes in an epoch: 72 bits, 12 URL-safe characters, as in memory. */
    private static final int EPOCH_BYTES = 9;

    private final RedisConnections redis;
    private final JsonCodec codec;
    private final Function<String, HistorySettings> limits;
    private final Duration metaTtl;
    private final LongSupplier wallClockMillis;
    private final SecureRandom random = new SecureRandom();

    RedisHistoryStore(RedisConnections redis, JsonCodec codec, Function<String, HistorySettings> limits,
            LongSupplier wallClockMillis) {
        this.redis = redis;
        this.codec = codec;
        this.limits = limits;
        this.metaTtl = redis.settings().metaTtl();
        this.wallClockMillis = wallClockMillis;
    }

    @Override
    public CompletionStage<ChannelMessage> appendAsync(String channel, String data, String from) {
        HistorySettings kept = limits.apply(channel);
        long now = wallClockMillis.getAsLong();
        String[] keys = {RedisKeys.meta(channel), RedisKeys.stream(channel)};
        return script("publish", Scripts.PUBLISH, keys, newEpoch(), metaTtlMillis(kept), data, from,
                Long.toString(now), Integer.toString(kept.size()), Long.toString(kept.ttl().toMillis()),
                RedisKeys.pubsub(channel))
                .thenApply(reply -> {
                    long offset = Long.parseLong(reply.get(0).toString());
                    String epoch = reply.get(1).toString();
                    return message(channel, offset, epoch, data, from, now);
                });
    }

    @Override
    public CompletionStage<StreamPosition> positionAsync(String channel) {
        String[] keys = {RedisKeys.meta(channel), RedisKeys.stream(channel)};
        HistorySettings kept = limits.apply(channel);
        return script("position", Scripts.POSITION, keys, newEpoch(), metaTtlMillis(kept))
                .thenApply(reply -> new StreamPosition(Long.parseLong(reply.get(0).toString()),
                        reply.get(1).toString()));
    }

    @Override
    public CompletionStage<HistoryRead> readAsync(String channel, long since, int limit) {
        if (since < 0) {
            throw new IllegalArgumentException("since must be >= 0, was " + since);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        HistorySettings kept = limits.apply(channel);
        String[] keys = {RedisKeys.meta(channel), RedisKeys.stream(channel)};
        return script("read", Scripts.READ, keys, newEpoch(), metaTtlMillis(kept), Long.toString(since + 1),
                Integer.toString(limit), Integer.toString(kept.size()))
                .thenApply(reply -> read(channel, since, kept, reply));
    }

    @Override
    public CompletionStage<HistoryRead> recoverPageAsync(String channel, long since, String epoch, int limit) {
        return readAsync(channel, since, limit).thenApply(read -> epoch != null
                && !epoch.equals(read.position().epoch()) ? new HistoryRead(read.position(), List.of(), false) : read);
    }

    /** Builds the answer as {@link HistoryStore#read} specifies, dropping entries older than the TTL. */
    private HistoryRead read(String channel, long since, HistorySettings kept, List<Object> reply) {
        StreamPosition position = new StreamPosition(Long.parseLong(reply.get(0).toString()),
                reply.get(1).toString());
        long oldest = wallClockMillis.getAsLong() - kept.ttl().toMillis();
        List<ChannelMessage> messages = new ArrayList<>();
        for (Object entry : (List<?>) reply.get(2)) {
            ChannelMessage m = entry(channel, position.epoch(), (List<?>) entry);
            if (m.offset() > since && m.offset() <= position.offset() && m.timeMillis() >= oldest) {
                messages.add(m);
            }
        }
        boolean recovered = since <= position.offset()
                && (messages.isEmpty() ? since == position.offset() : messages.get(0).offset() == since + 1);
        return new HistoryRead(position, messages, recovered);
    }

    private ChannelMessage entry(String channel, String epoch, List<?> entry) {
        String id = entry.get(0).toString();
        long offset = Long.parseLong(id.substring(0, id.indexOf('-')));
        List<?> fields = (List<?>) entry.get(1);
        String data = null;
        String from = null;
        long time = 0;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String value = fields.get(i + 1).toString();
            switch (fields.get(i).toString()) {
                case "d" -> data = value;
                case "f" -> from = value;
                case "t" -> time = Long.parseLong(value);
                default -> { } // a field a later version added: ignored
            }
        }
        return message(channel, offset, epoch, data, from, time);
    }

    /** @return the message with its frame, encoded once here */
    ChannelMessage message(String channel, long offset, String epoch, String data, String from, long time) {
        return new ChannelMessage(channel, offset, epoch, from, time,
                codec.frame(new Push.Message(channel, offset, epoch, data, from, time)));
    }

    /**
     * Runs a script by its SHA-1 ({@code EVALSHA}); a Redis that does not know it yet (a restart, a new node of a
     * Cluster) answers {@code NOSCRIPT} without running anything, and the script is sent whole once.
     */
    private CompletionStage<List<Object>> script(String name, String script, String[] keys, String... args) {
        String sha = Scripts.shaOf(script);
        return redis.<List<Object>>call(name, c -> c.evalsha(sha, ScriptOutputType.MULTI, keys, args))
                .exceptionallyCompose(error -> isNoScript(error)
                        ? redis.<List<Object>>call(name, c -> c.eval(script, ScriptOutputType.MULTI, keys, args))
                        : CompletableFuture.failedFuture(error));
    }

    private static boolean isNoScript(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private String metaTtlMillis(HistorySettings kept) {
        return Long.toString(Math.max(metaTtl.toMillis(), kept.ttl().toMillis()));
    }

    private String newEpoch() {
        byte[] bytes = new byte[EPOCH_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public ChannelMessage append(String channel, String data, String from) {
        return join(appendAsync(channel, data, from));
    }

    @Override
    public HistoryRead read(String channel, long since, int limit) {
        return join(readAsync(channel, since, limit));
    }

    @Override
    public StreamPosition position(String channel) {
        return join(positionAsync(channel));
    }

    @Override
    public HistoryRead recoverPage(String channel, long since, String epoch, int limit) {
        return join(recoverPageAsync(channel, since, epoch, limit));
    }

    /** @return 0: history lives in Redis, not in this node (the gauge counts this node's memory) */
    @Override
    public long heldMessages() {
        return 0;
    }

    @Override
    public void close() {
        // The connections belong to the engine, which closes them.
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
