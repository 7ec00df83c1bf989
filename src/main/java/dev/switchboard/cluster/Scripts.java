package dev.switchboard.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The engine's Lua scripts. Each touches one channel's keys only (KEYS: meta hash, stream), so it runs atomically in
 * one Cluster slot. Every script creates the channel's epoch when it has none (and drops a stream left from an
 * older epoch), so a channel's epoch exists from its first use and all nodes see the same.
 */
final class Scripts {

    private static final String ENSURE_EPOCH = """
            local epoch = redis.call('hget', KEYS[1], 'e')
            if not epoch then
              epoch = ARGV[1]
              redis.call('hset', KEYS[1], 'e', epoch, 'o', 0)
              redis.call('del', KEYS[2])
            end
            redis.call('pexpire', KEYS[1], ARGV[2])
            local offset = redis.call('hget', KEYS[1], 'o') or '0'
            """;

    /**
     * Publish. ARGV: new epoch, meta ttl ms, data, from, time ms, history size, history ttl ms, pub/sub channel.
     * Returns {offset, epoch}. Offset, stream entry and PUBLISH happen in one step, so the offset order is the
     * delivery order on every node.
     */
    static final String PUBLISH = ENSURE_EPOCH + """
            offset = redis.call('hincrby', KEYS[1], 'o', 1)
            if tonumber(ARGV[6]) > 0 then
              redis.call('xadd', KEYS[2], 'MAXLEN', '~', ARGV[6], offset .. '-0', 'd', ARGV[3], 'f', ARGV[4],
                't', ARGV[5])
              redis.call('pexpire', KEYS[2], ARGV[7])
            end
            redis.call('publish', ARGV[8], offset .. '\\n' .. epoch .. '\\n' .. ARGV[5] .. '\\n' .. ARGV[3] .. '\\n'
              .. ARGV[4])
            return {tostring(offset), epoch}
            """;

    /** Position. ARGV: new epoch, meta ttl ms. Returns {offset, epoch}. */
    static final String POSITION = ENSURE_EPOCH + """
            return {tostring(offset), epoch}
            """;

    /**
     * Read after an offset. ARGV: new epoch, meta ttl ms, first offset wanted, count, history size. Returns
     * {offset, epoch, entries} with entries as XRANGE gives them: {id, {field, value, …}}, none older than the
     * last {@code history size} offsets ({@code MAXLEN ~} may keep a few more).
     */
    static final String READ = ENSURE_EPOCH + """
            local first = math.max(tonumber(ARGV[3]), tonumber(offset) - tonumber(ARGV[5]) + 1, 1)
            local entries = redis.call('xrange', KEYS[2], first .. '-0', '+', 'COUNT', ARGV[4])
            return {tostring(offset), epoch, entries}
            """;

    /** Each script's SHA-1, computed once. */
    private static final Map<String, String> SHA1 = Map.of(PUBLISH, sha1(PUBLISH), POSITION, sha1(POSITION),
            READ, sha1(READ));

    private Scripts() {
    }

    /** @return the SHA-1 of one of these scripts */
    static String shaOf(String script) {
        return SHA1.get(script);
    }

    /** @return the script's SHA-1 in hex, as {@code EVALSHA} names it */
    static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
