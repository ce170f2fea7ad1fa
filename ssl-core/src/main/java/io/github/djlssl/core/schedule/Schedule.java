package io.github.djlssl.core.schedule;

import ai.djl.training.tracker.Tracker;

/**
 * A hyper-parameter value as a function of the 0-based global optimiser step.
 *
 * <p>Evaluated once per optimiser step (not per epoch), like the per-iteration schedules of DINO,
 * MAE and solo-learn. Implementations are immutable and side-effect free, so a resumed run only
 * needs the step number to continue the schedule exactly.
 *
 * <p>Every schedule is a DJL {@link Tracker}: {@link #getNewValue(int)} returns {@code
 * valueAt(numUpdate)}, the convention of DJL's own trackers. Note that DJL's built-in optimisers
 * pass a 1-based update count, so inside them the value lags one step; the optimisers of {@code
 * io.github.djlssl.core.optim} call {@link #valueAt(long)} with the 0-based step.
 */
public interface Schedule extends Tracker {

    /**
     * Returns the value at a step.
     *
     * @param step the 0-based global step; steps past the end keep the final value
     * @return the scheduled value
     */
    double valueAt(long step);

    /**
     * Returns {@code (float) valueAt(numUpdate)} for DJL code that takes a {@link Tracker}.
     *
     * @param numUpdate the step, as DJL counts it
     * @return the scheduled value
     */
    @Override
    default float getNewValue(int numUpdate) {
        return (float) valueAt(Math.max(0, numUpdate));
    }

    /**
     * Returns a schedule that always has the same value.
     *
     * @param value the value
     * @return a {@link ConstantSchedule}
     */
    static Schedule constant(double value) {
        return new ConstantSchedule(value);
    }
}
