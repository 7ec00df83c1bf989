package dev.switchboard.config;

/**
 * Token-bucket rate limits: per connection (inbound messages and bytes), per client address at the handshake, and
 * per caller of the HTTP API. See docs/security.md, "Rate limits".
 *
 * @param messagesPerSecond   protocol requests one connection may send per second, sustained
 * @param messagesBurst       requests one connection may send at once (the bucket's capacity)
 * @param bytesPerSecond      UTF-8 bytes of requests one connection may send per second (capacity: one second's
 *                            worth, at least {@code max.message.bytes})
 * @param handshakesPerSecond WebSocket handshakes one client address may make per second, sustained
 * @param handshakesBurst     handshakes one client address may make at once
 * @param apiPerSecond        HTTP API requests one caller may make per second (also its burst)
 */
public record RateSettings(int messagesPerSecond, int messagesBurst, int bytesPerSecond, int handshakesPerSecond,
        int handshakesBurst, int apiPerSecond) {

    /** The highest rate a bucket can refill at: Bucket4j's one token per nanosecond. */
    static final int MAX_PER_SECOND = 1_000_000_000;
    /** {@code rate.messages.per.second}: requests per connection per second. */
    public static final int MESSAGES_PER_SECOND = 50;
    /** {@code rate.messages.burst}: requests a connection may send at once. */
    public static final int MESSAGES_BURST = 100;
    /** {@code rate.bytes.per.second}: request bytes per connection per second (256 KiB). */
    public static final int BYTES_PER_SECOND = 256 * 1024;
    /** {@code rate.handshakes.per.second}: handshakes per client address per second. */
    public static final int HANDSHAKES_PER_SECOND = 20;
    /** {@code rate.handshakes.burst}: handshakes a client address may make at once. */
    public static final int HANDSHAKES_BURST = 50;
    /** {@code rate.api.per.second}: HTTP API requests per caller per second. */
    public static final int API_PER_SECOND = 1_000;

    static RateSettings from(ConfigSource s) {
        return new RateSettings(
                s.integer("rate.messages.per.second", MESSAGES_PER_SECOND, 1, MAX_PER_SECOND),
                s.integer("rate.messages.burst", MESSAGES_BURST, 1, Integer.MAX_VALUE),
                s.integer("rate.bytes.per.second", BYTES_PER_SECOND, 1, MAX_PER_SECOND),
                s.integer("rate.handshakes.per.second", HANDSHAKES_PER_SECOND, 1, MAX_PER_SECOND),
                s.integer("rate.handshakes.burst", HANDSHAKES_BURST, 1, Integer.MAX_VALUE),
                s.integer("rate.api.per.second", API_PER_SECOND, 1, MAX_PER_SECOND));
    }
}
