package dev.switchboard.heartbeat;

/**
 * CDI event fired by {@link HeartbeatScheduler} about once a second on its own thread, for periodic upkeep of
 * higher layers (history expiry). Observers must be quick and must not throw.
 *
 * @param nanoTime the monotonic time of the tick
 */
public record Tick(long nanoTime) {
}
