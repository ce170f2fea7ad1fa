package io.github.djlssl.core.teacher;

import io.github.djlssl.core.schedule.CosineSchedule;
import io.github.djlssl.core.schedule.LinearSchedule;

/**
 * The EMA momentum {@code m} as a function of the global step and the run's length. Every
 * paper's schedule ends at the end of the run (BYOL §3.3: {@code τ = 1 − (1 − τ_base)(cos(πk/K) +
 * 1)/2} with K the total steps), and only the trainer knows K, so the schedule takes it as an
 * argument instead of each method capturing it.
 */
@FunctionalInterface
public interface MomentumSchedule {

    /**
     * Returns the momentum after a step.
     *
     * @param step the 0-based global step that just finished
     * @param totalSteps the optimiser steps of the whole run, &ge; 1
     * @return m in [0, 1]
     */
    double valueAt(long step, long totalSteps);

    /**
     * A fixed momentum (MoCo v1/v2: 0.999).
     *
     * @param m the momentum
     * @return the schedule
     */
    static MomentumSchedule constant(double m) {
        check(m, "m");
        return (step, totalSteps) -> m;
    }

    /**
     * Cosine from {@code base} to 1 over the run (BYOL §3.3, MoCo v3 §4, DINO §3.1).
     *
     * @param base the momentum at step 0, e.g. 0.996
     * @return the schedule
     */
    static MomentumSchedule cosineToOne(double base) {
        check(base, "base");
        return (step, totalSteps) -> new CosineSchedule(base, 1.0, Math.max(1, totalSteps)).valueAt(step);
    }

    /**
     * Linear from {@code start} to {@code end} over the run (I-JEPA §4: 0.996 → 1.0).
     *
     * @param start momentum at step 0
     * @param end momentum at the last step
     * @return the schedule
     */
    static MomentumSchedule linear(double start, double end) {
        check(start, "start");
        check(end, "end");
        return (step, totalSteps) -> new LinearSchedule(start, end, Math.max(1, totalSteps) + 1).valueAt(step);
    }

    private static void check(double m, String name) {
        if (!(m >= 0 && m <= 1)) {
            throw new IllegalArgumentException("momentum " + name + " must be in [0, 1], got " + m);
        }
    }
}
