package dev.switchboard.admission;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.local.SynchronizationStrategy;

import dev.switchboard.config.RateSettings;

/**
 * One connection's inbound limits: a message bucket, a byte bucket and the {@link SustainedExcess} rule. Made on
 * the connection's first message. Thread-safe (one lock, uncontended: a session's messages arrive one at a time).
 */
final class ConnectionRate {

    private final Bucket messages;
    private final long messageCapacity;
    private final Bucket bytes;
    private final long byteCapacity;
    private final SustainedExcess excess;

    ConnectionRate(TokenBuckets buckets, RateSettings rates, int maxMessageBytes) {
        this.messageCapacity = rates.messagesBurst();
        this.messages = buckets.bucket(messageCapacity, rates.messagesPerSecond(), SynchronizationStrategy.NONE);
        // One message of max.message.bytes must always be able to pass, however low the byte rate.
        this.byteCapacity = Math.max(rates.bytesPerSecond(), maxMessageBytes);
        this.bytes = buckets.bucket(byteCapacity, rates.bytesPerSecond(), SynchronizationStrategy.NONE);
        this.excess = new SustainedExcess(rates.messagesPerSecond(), rates.bytesPerSecond());
    }

    synchronized RateVerdict admit(long nowNanos, long messageBytes) {
        boolean close = excess.record(nowNanos, messageBytes);
        ConsumptionProbe m = messages.tryConsumeAndReturnRemaining(1);
        if (!m.isConsumed()) {
            return new RateVerdict("message", millis(m.getNanosToWaitForRefill()), close);
        }
        if (messageBytes <= 0) {
            // An empty message (or a binary one, whose size is not known here) costs a message token only.
            return close ? new RateVerdict("message", 0, true) : RateVerdict.ACCEPT;
        }
        ConsumptionProbe b = bytes.tryConsumeAndReturnRemaining(Math.min(messageBytes, byteCapacity));
        if (!b.isConsumed()) {
            // The message was not let through: its message token goes back.
            messages.addTokens(1);
            return new RateVerdict("bytes", millis(b.getNanosToWaitForRefill()), close);
        }
        return close ? new RateVerdict("message", 0, true) : RateVerdict.ACCEPT;
    }

    /**
     * @return whether this state is what a new connection's would be (both buckets full, no excess streak), so that
     *         dropping it changes nothing
     */
    synchronized boolean isRested(long nowNanos) {
        return excess.isQuiet(nowNanos) && messages.getAvailableTokens() >= messageCapacity
                && bytes.getAvailableTokens() >= byteCapacity;
    }

    private static long millis(long nanos) {
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }
}
