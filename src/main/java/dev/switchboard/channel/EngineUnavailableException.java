package dev.switchboard.channel;

/**
 * The engine (Redis) cannot answer now: a publish, read or subscribe was refused and had no effect. Clients get
 * {@code error unavailable} on WebSocket and 503 on HTTP; {@link Hub#publish} throws it. The message names no secret.
 */
public class EngineUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EngineUnavailableException(String message) {
        super(message);
    }

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
