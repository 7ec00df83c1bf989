package dev.switchboard.config;

/**
 * How the standalone hub writes its log: one JSON object per line or human-readable text, or {@link #AUTO} (the
 * default) to choose by where standard output goes.
 */
public enum LogFormat {
    /** One JSON object per line, for log collectors. */
    JSON,
    /** Human-readable lines, for development. */
    TEXT,
    /** Not chosen: {@link #TEXT} when standard output is a terminal, {@link #JSON} otherwise; see {@link #resolve}. */
    AUTO;

    /** @return this format, or for {@link #AUTO} text at a terminal and JSON otherwise; never {@code AUTO} */
    public LogFormat resolve(boolean stdoutIsTerminal) {
        if (this != AUTO) {
            return this;
        }
        return stdoutIsTerminal ? TEXT : JSON;
    }
}
