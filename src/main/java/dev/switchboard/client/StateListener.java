package dev.switchboard.client;

/** Told of every state change, in order, on the client's delivery thread (or the executor given to the builder). */
@FunctionalInterface
public interface StateListener {

    /** @param change the state left and entered, with the cause and the next delay when there is one */
    void onStateChange(StateChange change);
}
