package dev.switchboard.client;

/**
 * Gives the bearer token for the next connection attempt or refresh; called before every attempt, on the client's
 * event thread, so it should answer quickly (cache a token, refresh it in the background). A supplier that throws
 * makes the attempt fail (and be retried with backoff).
 */
@FunctionalInterface
public interface TokenSupplier {

    /** @return a token, or {@code null} to connect without one */
    String token() throws Exception;
}
