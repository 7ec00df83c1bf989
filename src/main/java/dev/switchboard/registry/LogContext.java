package dev.switchboard.registry;

import java.util.List;

import org.slf4j.MDC;

/**
 * Puts a connection's identity into the logging context (MDC): the JSON log's {@code session}, {@code user} and
 * {@code trace_id} fields. Use with try-with-resources on the thread that logs; closing restores what the fields
 * held before, so contexts nest.
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

    /** The keys a context may set, and what they held before it (null: absent), restored on close. */
    private static final List<String> KEYS = List.of(SESSION, USER, TRACE_ID, CHANNEL);
    private final String[] previous = new String[KEYS.size()];

    private LogContext() {
        for (int i = 0; i < KEYS.size(); i++) {
            previous[i] = MDC.get(KEYS.get(i));
        }
    }

    /** Sets the connection's fields. */
    public static LogContext of(Connection connection) {
        LogContext context = new LogContext();
        MDC.put(SESSION, connection.id());
        MDC.put(USER, connection.user());
        if (connection.traceId() != null) {
            MDC.put(TRACE_ID, connection.traceId());
        }
        return context;
    }

    /** Sets the fields of a publish: its channel and trace id. */
    public static LogContext ofMessage(String channel, String traceId) {
        LogContext context = new LogContext();
        MDC.put(CHANNEL, channel);
        if (traceId != null) {
            MDC.put(TRACE_ID, traceId);
        }
        return context;
    }

    /** Sets the fields of one subscriber, inside a message's context: its session and user. */
    public static LogContext ofSubscriber(Connection connection) {
        LogContext context = new LogContext();
        MDC.put(SESSION, connection.id());
        MDC.put(USER, connection.user());
        return context;
    }

    /**
     * Restores the fields to what they were when this context was made: contexts nest (a WebSocket publish logs its
     * deliveries inside the publisher's context), and an inner one must not wipe the outer one.
     */
    @Override
    public void close() {
        for (int i = 0; i < KEYS.size(); i++) {
            if (previous[i] == null) {
                MDC.remove(KEYS.get(i));
            } else {
                MDC.put(KEYS.get(i), previous[i]);
            }
        }
    }
}
