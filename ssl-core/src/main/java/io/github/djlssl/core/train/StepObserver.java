package io.github.djlssl.core.train;

/**
 * Receives the wall-clock timing of every training step of {@link SslTrainer#fit}: how long the
 * step waited for its batch and how long the whole iteration took. Benchmarks use it to separate
 * data-pipeline stalls from compute; the trainer itself never needs it.
 *
 * <p>Called on the training thread after the step's arrays are freed and, on a log step, after
 * the metrics window was drained, so {@code iterationNanos} is the full cost a training run pays
 * per step. On a GPU the compute part is only exact at the synchronising log steps (every {@link
 * TrainerConfig#logEvery()} steps); use {@code logEvery = 1} for per-step GPU timings.
 */
@FunctionalInterface
public interface StepObserver {

    /**
     * Reports one finished step.
     *
     * @param step the global step index (0-based)
     * @param dataWaitNanos time blocked in the batch iterator (worker threads not ahead)
     * @param iterationNanos time from asking for the batch to the end of the step, including the
     *     wait, the view generation, forward, backward, optimiser and post-step hooks
     */
    void stepFinished(long step, long dataWaitNanos, long iterationNanos);
}
