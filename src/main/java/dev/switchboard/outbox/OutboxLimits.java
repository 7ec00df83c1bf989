package dev.switchboard.outbox;

/**
 * How much one outbox may hold before its session counts as a slow consumer. Both limits include the text frames
 * whose write is in flight.
 *
 * @param maxMessages the most text frames queued or in flight; greater than zero
 * @param maxBytes    the most payload bytes (UTF-8) queued or in flight; greater than zero
 */
public record OutboxLimits(int maxMessages, long maxBytes) {

    public OutboxLimits {
        if (maxMessages <= 0) {
            throw new IllegalArgumentException("maxMessages must be greater than 0: " + maxMessages);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be greater than 0: " + maxBytes);
        }
    }
}
