package org.example.simsiam;

/**
 * SimSiam settings (Chen &amp; He, "Exploring Simple Siamese Representation Learning", CVPR 2021).
 * The paper trains with SGD, lr 0.05 × B/256, momentum 0.9, weight decay 1e-4, cosine decay.
 *
 * @param projectionDim projector output width: 2048 (§3, "Projection MLP")
 * @param predictorHiddenDim predictor bottleneck width: 512 (§3, "Prediction MLP")
 */
public record SimSiamConfig(int projectionDim, int predictorHiddenDim) {

    /** Validates both widths and names the bad one. */
    public SimSiamConfig {
        if (projectionDim <= 0) {
            throw new IllegalArgumentException("projectionDim must be > 0, got " + projectionDim);
        }
        if (predictorHiddenDim <= 0) {
            throw new IllegalArgumentException("predictorHiddenDim must be > 0, got " + predictorHiddenDim);
        }
    }

    /**
     * Returns the paper's widths.
     *
     * @return 2048-d projections, 512-d predictor bottleneck
     */
    public static SimSiamConfig defaults() {
        return new SimSiamConfig(2048, 512);
    }
}
