package dev.switchboard.client;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client's current {@link ClientState}, changed only by {@link #fire(Transition)}. Thread-safe: the state is
 * readable from any thread; a transition is atomic (compare-and-set), so two racing transitions cannot both apply.
 */
final class StateMachine {

    private final AtomicReference<ClientState> state = new AtomicReference<>(ClientState.IDLE);

    /** @return the current state */
    ClientState state() {
        return state.get();
    }

    /** @return the change made, or empty when {@code transition} does not apply to the current state */
    Optional<StateChange> fire(Transition transition) {
        while (true) {
            ClientState current = state.get();
            Optional<ClientState> next = transition.from(current);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            if (state.compareAndSet(current, next.get())) {
                return Optional.of(new StateChange(current, next.get(), null, null));
            }
        }
    }
}
