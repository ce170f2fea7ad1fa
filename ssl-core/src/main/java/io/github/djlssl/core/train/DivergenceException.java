package io.github.djlssl.core.train;

/** Thrown when the loss becomes NaN or infinite; names the step so the run can be diagnosed. */
public final class DivergenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final long step;

    /**
     * Creates the exception.
     *
     * @param step the first global step whose loss was not finite
     * @param value the offending loss value
     * @param lastCheckpoint description of the last good checkpoint, or a note that there is none
     */
    public DivergenceException(long step, float value, String lastCheckpoint) {
        super(
                "training diverged: loss is "
                        + value
                        + " at step "
                        + step
                        + "; stopped. Last good checkpoint: "
                        + lastCheckpoint
                        + ". Try a lower learning rate, gradient clipping (--set clip=...) or a larger batch.");
        this.step = step;
    }

    /**
     * Returns the first diverged step.
     *
     * @return the 0-based global step
     */
    public long step() {
        return step;
    }
}
