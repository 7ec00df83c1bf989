package dev.switchboard.testing;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.switchboard.client.ClientState;
import dev.switchboard.client.StateChange;

/** Waits, bounded, for the stages the Java client returns, and reads the state changes it reported. Stateless. */
public final class Stages {

    /** The bound of every wait: 10 s. */
    public static final long WAIT_SECONDS = 10;

    private Stages() {
    }

    /**
     * @return whether the last change a state listener recorded entered {@code state}: unlike
     *         {@code client.state()}, true only once the listener has been told (callbacks run asynchronously)
     */
    public static boolean reached(List<StateChange> changes, ClientState state) {
        return !changes.isEmpty() && changes.get(changes.size() - 1).to() == state;
    }

    /** @return the stage's value within {@link #WAIT_SECONDS}; throws its failure (wrapped) or a timeout */
    public static <T> T result(CompletionStage<T> stage)
            throws InterruptedException, ExecutionException, TimeoutException {
        return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
