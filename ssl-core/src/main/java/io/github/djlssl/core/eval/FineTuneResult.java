package io.github.djlssl.core.eval;

import java.util.List;

/**
 * Outcome of a {@link FineTuner} run.
 *
 * @param epochLosses mean training loss (label-smoothed cross-entropy) of each epoch, in order
 * @param testTop1 top-1 accuracy of the fine-tuned network on the test images, in [0, 1]
 * @param testTop5 top-5 accuracy, or {@code NaN} with fewer than 5 classes
 * @param numTrain labelled training images used
 * @param numTest test images
 * @param steps optimiser steps taken
 * @param seconds wall time of training and testing
 */
public record FineTuneResult(
        List<Double> epochLosses,
        double testTop1,
        double testTop5,
        long numTrain,
        long numTest,
        long steps,
        double seconds) {

    /** Copies the loss curve. */
    public FineTuneResult {
        epochLosses = List.copyOf(epochLosses);
    }

    /**
     * Returns the mean loss of the last epoch.
     *
     * @return the final training loss
     */
    public double finalLoss() {
        return epochLosses.get(epochLosses.size() - 1);
    }
}
