package dev.switchboard.testing;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits, bounded, for the stages the Java client returns. Stateless. */
public final class Stages {

    /** The bound of every wait: 10 s. */
    public static final long WAIT_SECONDS = 10;

    private Stages() {
    }

    /** @return the stage's value within {@link #WAIT_SECONDS}; throws its failure (wrapped) or a timeout */
    public static <T> T result(CompletionStage<T> stage)
            throws InterruptedException, ExecutionException, TimeoutException {
        return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
