package dev.switchboard.config;

/** How the standalone hub writes its log: one JSON object per line (default) or human-readable text. */
public enum LogFormat {
    /** One JSON object per line, for log collectors. */
    JSON,
    /** Human-readable lines, for development. */
    TEXT
}
