package dev.switchboard.client;

/** A request the client could not complete for a reason of its own (not an answer of the hub). */
public final class ClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** The offline publish queue is full: the publish was not taken. */
        QUEUE_FULL,
        /**
         * The connection dropped after the request was sent and before its answer: a publish may or may not have
         * happened (look for it in the channel's history).
         */
        CONNECTION_LOST,
        /** The client is closed. */
        CLOSED
    }

    private final Reason reason;

    ClientException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return why the request failed */
    public Reason reason() {
        return reason;
    }
}
