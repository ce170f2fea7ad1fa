package io.github.djlssl.jointembed.byol;

/**
 * BYOL settings with the paper's defaults (Grill et al. 2020, "Bootstrap Your Own Latent", §3.3).
 *
 * <p>Paper recipe (a trainer concern, not part of this record): LARS, lr 0.2 × B/256, wd 1.5e-6
 * (biases and BN excluded from both), 10 warm-up epochs, cosine, batch 4096, 1000 epochs (§3.3).
 *
 * @param projectionDim output width of the projector and the predictor: 256 (§3.3)
 * @param projectionHiddenDim hidden width of the projector MLP (Linear → BN → ReLU → Linear):
 *     4096 (§3.3)
 * @param predictorHiddenDim hidden width of the predictor, same architecture: 4096 (§3.3)
 * @param baseMomentum τ_base of the target's EMA, which rises to 1 on a cosine over the run,
 *     {@code τ = 1 − (1 − τ_base)(cos(πk/K) + 1)/2}: 0.996 (§3.3, after Eq. 2)
 * @param predictorLrScale the predictor's learning rate as a multiple of the encoder's: 1 in the
 *     paper; a faster predictor keeps up with the changing targets and resists collapse in short
 *     runs (Tian et al. 2021, "Understanding self-supervised learning dynamics without contrastive
 *     pairs", §5, which uses 10)
 * @param projectorOutputBatchNorm whether the projector's output Linear is followed by BatchNorm
 *     (without γ, β): false in the paper (§3.3). SimSiam (Chen &amp; He 2021, §3) and MoCo v3 put
 *     BN there; it removes the direction all projections share at initialisation (the mean of a
 *     Linear over ReLU outputs), which the predictor otherwise matches at once and which leaves
 *     short runs little gradient to learn from
 */
public record ByolConfig(
        int projectionDim,
        int projectionHiddenDim,
        int predictorHiddenDim,
        double baseMomentum,
        double predictorLrScale,
        boolean projectorOutputBatchNorm) {

    /** Validates every field and names the bad one. */
    public ByolConfig {
        if (projectionDim < 1) {
            throw new IllegalArgumentException("projectionDim must be >= 1, got " + projectionDim);
        }
        if (projectionHiddenDim < 1) {
            throw new IllegalArgumentException("projectionHiddenDim must be >= 1, got " + projectionHiddenDim);
        }
        if (predictorHiddenDim < 1) {
            throw new IllegalArgumentException("predictorHiddenDim must be >= 1, got " + predictorHiddenDim);
        }
        if (!(baseMomentum >= 0 && baseMomentum <= 1)) {
            throw new IllegalArgumentException("baseMomentum must be in [0, 1], got " + baseMomentum);
        }
        if (!(predictorLrScale >= 0 && Double.isFinite(predictorLrScale))) {
            throw new IllegalArgumentException(
                    "predictorLrScale must be finite and >= 0, got " + predictorLrScale);
        }
    }

    /**
     * Returns the paper's defaults.
     *
     * @return 256-d projections, 4096 hidden, τ_base 0.996, predictor at the encoder's rate, no
     *     BatchNorm on the projection
     */
    public static ByolConfig defaults() {
        return new ByolConfig(256, 4096, 4096, 0.996, 1.0, false);
    }

    /**
     * Returns a copy with other head widths (tests and small encoders).
     *
     * @param projection projector and predictor output width
     * @param projectionHidden projector hidden width
     * @param predictorHidden predictor hidden width
     * @return the copy
     */
    public ByolConfig withHeadDims(int projection, int projectionHidden, int predictorHidden) {
        return new ByolConfig(
                projection, projectionHidden, predictorHidden, baseMomentum, predictorLrScale, projectorOutputBatchNorm);
    }

    /**
     * Returns a copy with another τ_base.
     *
     * @param value the EMA momentum at step 0
     * @return the copy
     */
    public ByolConfig withBaseMomentum(double value) {
        return new ByolConfig(
                projectionDim, projectionHiddenDim, predictorHiddenDim, value, predictorLrScale, projectorOutputBatchNorm);
    }

    /**
     * Returns a copy whose predictor trains at {@code scale} times the scheduled learning rate.
     *
     * @param scale the factor, finite and &ge; 0
     * @return the copy
     */
    public ByolConfig withPredictorLrScale(double scale) {
        return new ByolConfig(
                projectionDim, projectionHiddenDim, predictorHiddenDim, baseMomentum, scale, projectorOutputBatchNorm);
    }

    /**
     * Returns a copy with or without BatchNorm on the projector's output.
     *
     * @param enabled the flag
     * @return the copy
     */
    public ByolConfig withProjectorOutputBatchNorm(boolean enabled) {
        return new ByolConfig(
                projectionDim, projectionHiddenDim, predictorHiddenDim, baseMomentum, predictorLrScale, enabled);
    }
}
