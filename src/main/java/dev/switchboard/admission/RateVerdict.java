package dev.switchboard.admission;

/**
 * {@link MessageRateLimiter}'s answer to one inbound message. Immutable.
 *
 * @param kind         null when accepted; else the limit that refused it: {@code message} or {@code bytes} (the
 *                     {@code kind} label of {@code switchboard_rate_limited_total})
 * @param retryAfterMs when a refused message would have been accepted, milliseconds (at least 1; 0 with close)
 * @param close        whether the connection went on at more than 3x its limit for 5 s: close it with 4029
 */
public record RateVerdict(String kind, long retryAfterMs, boolean close) {

    /** The message may be handled. */
    public static final RateVerdict ACCEPT = new RateVerdict(null, 0, false);

    /** @return whether the message may be handled */
    public boolean accepted() {
        return kind == null;
    }
}
