package io.github.djlssl.core.method;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.random.Rng;

/**
 * What a method sees of the trainer during one step.
 *
 * @param globalStep 0-based optimiser step across epochs; schedules are evaluated at it
 * @param epoch 0-based epoch
 * @param totalSteps number of optimiser steps in the whole run
 * @param stepsPerEpoch optimiser steps per epoch
 * @param manager the step scope: every array created during the step belongs to it and is freed
 *     when the step ends
 * @param parameterStore the store through which all blocks (student and teacher) are called
 * @param rng randomness for this step (masks, random choices), a pure function of the run seed
 *     and {@code globalStep}, so a resumed run draws the same values
 */
public record TrainingStep(
        long globalStep,
        int epoch,
        long totalSteps,
        int stepsPerEpoch,
        NDManager manager,
        ParameterStore parameterStore,
        Rng rng) {

    /**
     * Returns the fraction of training done before this step.
     *
     * @return {@code globalStep / totalSteps} in [0, 1)
     */
    public double progress() {
        return totalSteps == 0 ? 0 : (double) globalStep / totalSteps;
    }
}
