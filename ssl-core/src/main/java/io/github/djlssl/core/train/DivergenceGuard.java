package io.github.djlssl.core.train;

/**
 * Stops a run whose loss is no longer finite. The trainer hands it the losses of a window of steps
 * at its log interval (one device sync per window, not per step), so the guard reports the first
 * bad step exactly while the parameters it may have touched are never checkpointed.
 */
public final class DivergenceGuard {

    /** Creates a guard. */
    public DivergenceGuard() {}

    /**
     * Checks a window of per-step losses.
     *
     * @param firstStep global step of {@code losses[0]}
     * @param losses losses in step order
     * @param lastCheckpoint description of the last good checkpoint, used in the message
     * @throws DivergenceException at the first NaN or infinite loss
     */
    public void check(long firstStep, float[] losses, String lastCheckpoint) {
        for (int i = 0; i < losses.length; i++) {
            if (!Float.isFinite(losses[i])) {
                throw new DivergenceException(firstStep + i, losses[i], lastCheckpoint);
            }
        }
    }
}
