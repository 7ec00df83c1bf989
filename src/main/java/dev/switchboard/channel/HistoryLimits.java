package dev.switchboard.channel;

import java.time.Duration;

/**
 * What one channel's history keeps: at most {@code size} messages, none older than {@code ttl}. Immutable.
 *
 * @param size the most messages kept, {@code >= 0}; 0 keeps none
 * @param ttl  the age at which a message leaves history, and the idle time after which an empty stream may go
 */
public record HistoryLimits(int size, Duration ttl) {

    public HistoryLimits {
        if (size < 0) {
            throw new IllegalArgumentException("history size must be >= 0, was " + size);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("history ttl must be positive, was " + ttl);
        }
    }
}
