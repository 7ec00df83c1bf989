package dev.switchboard.registry;

import org.slf4j.MDC;

/**
 * Puts a connection's identity into the logging context (MDC) for the lines logged while it is open: the JSON log
 * shows them as the fields {@code session}, {@code user} and {@code trace_id}. Use with try-with-resources on the
 * thread that logs; closing restores the fields to absent.
 */
public final class LogContext implements AutoCloseable {

    /** MDC key: the session id the client got in {@code welcome}. */
    public static final String SESSION = "session";
    /** MDC key: the connection's user. */
    public static final String USER = "user";
    /** MDC key: the W3C trace id of the handshake or of a published message. */
    public static final String TRACE_ID = "trace_id";
    /** MDC key: a channel name. */
    public static final String CHANNEL = "channel";
    /** MDC key: a close code. */
    public static final String CLOSE_CODE = "close_code";

    private LogContext() {
    }

    /** Sets the connection's fields. */
    public static LogContext of(Connection connection) {
        MDC.put(SESSION, connection.id());
        MDC.put(USER, connection.user());
        if (connection.traceId() != null) {
            MDC.put(TRACE_ID, connection.traceId());
        }
        return new LogContext();
    }

    /** Sets the fields of a publish: its channel and trace id. */
    public static LogContext ofMessage(String channel, String traceId) {
        MDC.put(CHANNEL, channel);
        if (traceId != null) {
            MDC.put(TRACE_ID, traceId);
        }
        return new LogContext();
    }

    @Override
    public void close() {
        MDC.remove(SESSION);
        MDC.remove(USER);
        MDC.remove(TRACE_ID);
        MDC.remove(CHANNEL);
    }
}
