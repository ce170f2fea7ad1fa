package io.github.djlssl.jointembed.vicreg;

import io.github.djlssl.core.optim.OptimizerConfig;

/**
 * VICReg settings with the paper's defaults (Bardes, Ponce, LeCun, "VICReg:
 * Variance-Invariance-Covariance Regularization for Self-Supervised Learning", ICLR 2022).
 *
 * <p><b>Optimiser.</b> The paper trains with LARS — a trainer concern, so it is not a field here:
 * {@link #recommendedOptimizer(int)} returns the recipe (§4 "Implementation details": LARS, learning
 * rate 0.2 × B/256, weight decay 10⁻⁶, biases and BatchNorm excluded from decay and adaptation, 10
 * warm-up epochs then cosine decay; batch 2048, 1000 epochs).
 *
 * @param invarianceWeight λ, the weight of the invariance (mean squared error) term: 25 (§4,
 *     "Implementation details"; the paper's ablations of the coefficients found λ = μ = 25, ν = 1
 *     best)
 * @param varianceWeight μ, the weight of the variance hinge: 25 (§4)
 * @param covarianceWeight ν, the weight of the covariance term: 1 (§4)
 * @param varianceTarget γ, the target per-dimension standard deviation: 1 (Eq. 1)
 * @param epsilon ε, added to the variance before the square root: 10⁻⁴ (Eq. 2)
 * @param projectionDim output width of the projector ("expander"): 8192 (§4)
 * @param hiddenDim width of its hidden layers: 8192 (§4)
 * @param projectionLayers Linear layers of the projector: 3 (§4: two hidden layers with
 *     BatchNorm and ReLU, then a plain Linear); 1 is a single Linear
 */
public record VicRegConfig(
        double invarianceWeight,
        double varianceWeight,
        double covarianceWeight,
        double varianceTarget,
        double epsilon,
        int projectionDim,
        int hiddenDim,
        int projectionLayers) {

    /** Validates every field and names the bad one. */
    public VicRegConfig {
        requireNonNegative("invarianceWeight", invarianceWeight);
        requireNonNegative("varianceWeight", varianceWeight);
        requireNonNegative("covarianceWeight", covarianceWeight);
        if (!(varianceTarget > 0 && Double.isFinite(varianceTarget))) {
            throw new IllegalArgumentException("varianceTarget must be finite and > 0, got " + varianceTarget);
        }
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
        if (projectionDim <= 0) {
            throw new IllegalArgumentException("projectionDim must be > 0, got " + projectionDim);
        }
        if (hiddenDim <= 0) {
            throw new IllegalArgumentException("hiddenDim must be > 0, got " + hiddenDim);
        }
        if (projectionLayers < 1) {
            throw new IllegalArgumentException("projectionLayers must be >= 1, got " + projectionLayers);
        }
    }

    /**
     * Returns the paper's defaults.
     *
     * @return λ = μ = 25, ν = 1, γ = 1, ε = 10⁻⁴, 8192-8192-8192 projector
     */
    public static VicRegConfig defaults() {
        return new VicRegConfig(25, 25, 1, 1, 1e-4, 8192, 8192, 3);
    }

    /**
     * Returns the paper's optimiser for a batch size: LARS (momentum 0.9, trust coefficient
     * 0.001), peak learning rate 0.2 × B/256, weight decay 10⁻⁶, 10 warm-up epochs, cosine to
     * 1/1000 of the peak (the official code's end value).
     *
     * @param batchSize the total batch size B
     * @return the optimiser settings to put in the trainer's config
     */
    public static OptimizerConfig recommendedOptimizer(int batchSize) {
        double lr = OptimizerConfig.linearScaledLr(0.2, batchSize);
        return OptimizerConfig.lars(lr, 0.9, 1e-6).withWarmupEpochs(10).withFinalLr(lr * 1e-3);
    }

    /**
     * Returns a copy with other loss coefficients.
     *
     * @param invariance λ
     * @param variance μ
     * @param covariance ν
     * @return the copy
     */
    public VicRegConfig withWeights(double invariance, double variance, double covariance) {
        return new VicRegConfig(
                invariance, variance, covariance, varianceTarget, epsilon, projectionDim, hiddenDim, projectionLayers);
    }

    /**
     * Returns a copy with another projector output width.
     *
     * @param value the output width
     * @return the copy
     */
    public VicRegConfig withProjectionDim(int value) {
        return new VicRegConfig(
                invarianceWeight, varianceWeight, covarianceWeight, varianceTarget, epsilon, value, hiddenDim, projectionLayers);
    }

    /**
     * Returns a copy with another projector hidden width.
     *
     * @param value the hidden width
     * @return the copy
     */
    public VicRegConfig withHiddenDim(int value) {
        return new VicRegConfig(
                invarianceWeight, varianceWeight, covarianceWeight, varianceTarget, epsilon, projectionDim, value, projectionLayers);
    }

    private static void requireNonNegative(String field, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + " must be finite and >= 0, got " + value);
        }
    }
}
