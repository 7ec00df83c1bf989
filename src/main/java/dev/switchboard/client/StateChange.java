package dev.switchboard.client;

import java.time.Duration;

/**
 * One change of state, as a {@link StateListener} sees it.
 *
 * @param from the state left
 * @param to the state entered
 * @param cause why the client left {@code CONNECTING}/{@code CONNECTED} (for {@code DISCONNECTED} and
 *        {@code CLOSED}), else {@code null}
 * @param retryIn for {@code DISCONNECTED}: the delay before the next attempt, else {@code null}
 */
public record StateChange(ClientState from, ClientState to, CloseCause cause, Duration retryIn) {

    StateChange with(CloseCause why, Duration delay) {
        return new StateChange(from, to, why, delay);
    }
}
