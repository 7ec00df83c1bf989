package dev.switchboard.outbox;

/**
 * How much one outbox may hold before its session counts as a slow consumer. Both limits include the text frame
 * whose write is in flight.
 *
 * @param maxMessages the most text frames queued or in flight; greater than zero
 * @param maxChars    the most chars ({@link String#length()}) queued or in flight; greater than zero
 */
public record OutboxLimits(int maxMessages, long maxChars) {

    public OutboxLimits {
        if (maxMessages <= 0) {
            throw new IllegalArgumentException("maxMessages must be greater than 0: " + maxMessages);
        }
        if (maxChars <= 0) {
            throw new IllegalArgumentException("maxChars must be greater than 0: " + maxChars);
        }
    }
}
