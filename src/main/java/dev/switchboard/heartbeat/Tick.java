package dev.switchboard.heartbeat;

/**
 * CDI event fired by {@link HeartbeatScheduler} after each sweep (at least once a second) on its sweeping thread,
 * for periodic upkeep of higher layers (history expiry). Observers must be quick and must not throw.
 *
 * @param nanoTime the monotonic time of the tick
 */
public record Tick(long nanoTime) {
}
