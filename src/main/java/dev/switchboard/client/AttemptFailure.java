package dev.switchboard.client;

import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Why a connection attempt failed, and the least the next delay must be: a handshake answered 429 or 503 waits at
 * least its {@code Retry-After} (seconds), or the uncut backoff step without one.
 *
 * @param cause what happened
 * @param atLeast the lower bound of the next delay
 */
record AttemptFailure(CloseCause cause, Duration atLeast) {

    /** @param step the current backoff step, the lower bound after 429/503 without {@code Retry-After} */
    static AttemptFailure of(Throwable error, Duration step) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (!(cause instanceof WebSocketHandshakeException refused)) {
            return new AttemptFailure(CloseCause.transport(cause), Duration.ZERO);
        }
        HttpResponse<?> response = refused.getResponse();
        int status = response.statusCode();
        Duration atLeast = retryAfter(response).orElse(status == 429 || status == 503 ? step : Duration.ZERO);
        return new AttemptFailure(
                new CloseCause(CloseCause.Kind.HANDSHAKE_REFUSED, status, "handshake answered " + status, null),
                atLeast);
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After")
                    .map(v -> Duration.ofSeconds(Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            // An HTTP date is allowed too; the backoff step is then the bound.
            return Optional.empty();
        }
    }
}
