package dev.switchboard.config;

/**
 * Where and with how many threads the standalone hub serves; an application server owns all four itself.
 *
 * @param port        TCP port ({@code -1} picks a free port; tests use it)
 * @param host        bind address
 * @param ioThreads   Grizzly selector threads, which read every socket; {@code 0} = Grizzly's default (one per
 *                    core, plus one: accepting shares a selector)
 * @param sendThreads threads draining the outboxes into the sockets; {@code 0} = half the cores, at least one
 */
public record ServerSettings(int port, String host, int ioThreads, int sendThreads) {

    /** {@code port}: the TCP port of the standalone hub. */
    public static final int PORT = 8080;
    /** {@code host}: the address the standalone hub binds. */
    public static final String HOST = "0.0.0.0";
    /**
     * {@code io.threads}: Grizzly selector threads of the standalone hub; 0 = Grizzly's default, one per core plus
     * one (see docs/benchmarks.md, "Thread settings", for the measurements behind keeping it).
     */
    public static final int IO_THREADS = 0;
    /**
     * {@code send.threads}: threads draining the outboxes of the standalone hub; 0 = half the cores, at least one
     * (measured: docs/benchmarks.md, "Thread settings").
     */
    public static final int SEND_THREADS = 0;

    static ServerSettings from(ConfigSource s) {
        return new ServerSettings(
                s.integer("port", PORT, -1, 65_535),
                s.string("host", HOST),
                s.integer("io.threads", IO_THREADS, 0, 256),
                s.integer("send.threads", SEND_THREADS, 0, 256));
    }
}
