package dev.switchboard.client;

/**
 * Why a connection ended or an attempt failed (docs/clients.md, "Close codes").
 *
 * @param kind what happened
 * @param code the WebSocket close code ({@code HUB_CLOSED}, 1006 for a drop, 1000 for the application's close), the
 *        HTTP status ({@code HANDSHAKE_REFUSED}), or 0
 * @param reason the hub's close reason or a short description; never a token
 * @param error the underlying exception, or {@code null}
 */
public record CloseCause(Kind kind, int code, String reason, Throwable error) {

    /** What ended a connection or an attempt. */
    public enum Kind {
        /** {@link SwitchboardClient#close()}. */
        CLOSED_BY_APPLICATION,
        /** The hub sent a close frame with {@link CloseCause#code()}. */
        HUB_CLOSED,
        /** The connection or the attempt failed without a close frame (refused, reset, timed out). */
        TRANSPORT,
        /** The handshake was answered with the HTTP status {@link CloseCause#code()}. */
        HANDSHAKE_REFUSED,
        /** Nothing arrived within the pong timeout after an application-level ping. */
        HUB_UNRESPONSIVE,
        /** The token supplier threw. */
        TOKEN_FAILED,
        /** {@code maxAttempts} consecutive attempts failed; the last failure is in {@link CloseCause#error()}. */
        GAVE_UP
    }

    static CloseCause application() {
        return new CloseCause(Kind.CLOSED_BY_APPLICATION, 1000, "closed by the application", null);
    }

    static CloseCause hub(int code, String reason) {
        return new CloseCause(Kind.HUB_CLOSED, code, reason, null);
    }

    static CloseCause transport(Throwable error) {
        return new CloseCause(Kind.TRANSPORT, 1006, String.valueOf(error.getMessage()), error);
    }

    /** @return whether the client tries again after this (docs/clients.md has the table) */
    public boolean reconnects() {
        return switch (kind) {
            case CLOSED_BY_APPLICATION, GAVE_UP -> false;
            case HUB_CLOSED -> ClosePolicy.reconnectsAfter(code);
            case HANDSHAKE_REFUSED -> code != 401 && code != 403;
            case TRANSPORT, HUB_UNRESPONSIVE, TOKEN_FAILED -> true;
        };
    }
}
