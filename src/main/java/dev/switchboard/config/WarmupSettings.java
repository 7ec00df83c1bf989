package dev.switchboard.config;

/**
 * The standalone hub's start-up warm-up: before it listens, {@code scripts/run}'s hub drives a throwaway hub of its
 * own over loopback through the real handshake, subscribe, fan-out and close paths, so that the JIT has compiled
 * them before the first client arrives. Embedding applications and application servers do not warm up.
 *
 * @param connections handshakes the warm-up makes (in waves of up to {@link #WAVE}); 0 turns it off
 */
public record WarmupSettings(int connections) {

    /** {@code warmup.connections}: handshakes of the start-up warm-up; 0 = none (docs/deploy.md, "Start-up"). */
    public static final int CONNECTIONS = 3_000;
    /** The most warm-up connections open at once. */
    public static final int WAVE = 1_000;

    static WarmupSettings from(ConfigSource s) {
        return new WarmupSettings(s.integer("warmup.connections", CONNECTIONS, 0, 100_000));
    }

    /** @return whether the standalone hub warms up before it listens */
    public boolean enabled() {
        return connections > 0;
    }
}
