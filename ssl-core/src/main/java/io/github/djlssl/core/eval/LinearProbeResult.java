package io.github.djlssl.core.eval;

/**
 * Outcome of a {@link LinearProbe} run.
 *
 * @param trainAccuracy top-1 accuracy of the final classifier on the training features, in [0, 1]
 * @param testAccuracy top-1 accuracy on the test features, in [0, 1]
 * @param testTop5 top-5 accuracy on the test features, or {@code NaN} with fewer than 5 classes
 * @param finalLoss mean cross-entropy over the last training epoch
 * @param epochs epochs trained
 * @param numTrain training samples
 * @param numTest test samples
 */
public record LinearProbeResult(
        double trainAccuracy,
        double testAccuracy,
        double testTop5,
        double finalLoss,
        int epochs,
        long numTrain,
        long numTest) {}
