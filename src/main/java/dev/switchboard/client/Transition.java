package dev.switchboard.client;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The only ways a {@link ClientState} changes: each transition names the states it may start from and the one it
 * leads to, so an illegal change (out of {@code CLOSED}, {@code IDLE → CONNECTED}…) cannot be expressed.
 */
enum Transition {
    /** {@code connect()}: the first attempt. */
    START(EnumSet.of(ClientState.IDLE), ClientState.CONNECTING),
    /** The handshake succeeded. */
    OPEN(EnumSet.of(ClientState.CONNECTING), ClientState.CONNECTED),
    /** An attempt failed or an open connection was lost, and the client will try again. */
    LOSE(EnumSet.of(ClientState.CONNECTING, ClientState.CONNECTED), ClientState.DISCONNECTED),
    /** The backoff delay is over: the next attempt. */
    RETRY(EnumSet.of(ClientState.DISCONNECTED), ClientState.CONNECTING),
    /** The end, from any state but itself. */
    CLOSE(EnumSet.complementOf(EnumSet.of(ClientState.CLOSED)), ClientState.CLOSED);

    private final Set<ClientState> from;
    private final ClientState to;

    Transition(Set<ClientState> from, ClientState to) {
        this.from = from;
        this.to = to;
    }

    /** @return the state this transition leads to from {@code current}, or empty when it does not apply there */
    Optional<ClientState> from(ClientState current) {
        return from.contains(current) ? Optional.of(to) : Optional.empty();
    }
}
