package dev.switchboard.bench.load;

/** Progress lines on stderr, prefixed with the seconds since start; stdout is kept for the one JSON summary. */
final class Progress {

    private static final long START = System.nanoTime();

    private Progress() {
    }

    static void log(String format, Object... args) {
        System.err.printf("[loadgen %6.1fs] %s%n", (System.nanoTime() - START) / 1e9, String.format(format, args));
    }
}
