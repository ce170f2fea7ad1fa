package io.github.djlssl.jointembed.barlowtwins;

import io.github.djlssl.core.optim.OptimizerConfig;

/**
 * Barlow Twins settings with the paper's defaults (Zbontar, Jing, Misra, LeCun, Deny, "Barlow
 * Twins: Self-Supervised Learning via Redundancy Reduction", ICML 2021).
 *
 * <p><b>Optimiser.</b> The paper trains with LARS — a trainer concern, so it is not a field here:
 * {@link #recommendedOptimizer(int)} returns the recipe (§2 "Implementation Details": LARS,
 * learning rate 0.2 × B/256 for weights and 0.0048 × B/256 for biases and BatchNorm parameters,
 * weight decay 1.5·10⁻⁶ excluding biases and BatchNorm, 10 warm-up epochs, cosine decay to 1/1000
 * of the peak; batch 2048, 1000 epochs). The trainer builds its optimiser from one {@link
 * OptimizerConfig}, which has a single learning rate: biases get the weights' rate there (see
 * {@code ParameterGroups.withLrScale} for building the exact two-rate optimiser by hand).
 *
 * @param projectionDim output width of the projector: 8192 (§2 "Implementation Details"; the §4 ablation
 *     finds accuracy keeps improving with width)
 * @param hiddenDim width of the projector's hidden layers: 8192 (§2)
 * @param projectionLayers Linear layers of the projector: 3 (§2: two hidden layers with BatchNorm
 *     and ReLU, then a plain Linear); 1 is a single Linear
 * @param lambda λ, the weight of the redundancy-reduction (off-diagonal) term: 5·10⁻³ (§2, found by a search; the
 *     official code's default is 0.0051)
 */
public record BarlowTwinsConfig(int projectionDim, int hiddenDim, int projectionLayers, double lambda) {

    /** Validates every field and names the bad one. */
    public BarlowTwinsConfig {
        if (projectionDim <= 0) {
            throw new IllegalArgumentException("projectionDim must be > 0, got " + projectionDim);
        }
        if (hiddenDim <= 0) {
            throw new IllegalArgumentException("hiddenDim must be > 0, got " + hiddenDim);
        }
        if (projectionLayers < 1) {
            throw new IllegalArgumentException("projectionLayers must be >= 1, got " + projectionLayers);
        }
        if (!(lambda >= 0 && Double.isFinite(lambda))) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
    }

    /**
     * Returns the paper's defaults.
     *
     * @return 8192-8192-8192 projector, λ = 5·10⁻³
     */
    public static BarlowTwinsConfig defaults() {
        return new BarlowTwinsConfig(8192, 8192, 3, 5e-3);
    }

    /**
     * Returns the paper's optimiser for a batch size: LARS (momentum 0.9, trust coefficient
     * 0.001), peak learning rate 0.2 × B/256, weight decay 1.5·10⁻⁶, 10 warm-up epochs, cosine to
     * 1/1000 of the peak. Biases and norm parameters get no decay and no LARS adaptation, but the
     * weights' learning rate (the paper gives them 0.0048 × B/256; see the class comment).
     *
     * @param batchSize the total batch size B
     * @return the optimiser settings to put in the trainer's config
     */
    public static OptimizerConfig recommendedOptimizer(int batchSize) {
        double lr = OptimizerConfig.linearScaledLr(0.2, batchSize);
        return OptimizerConfig.lars(lr, 0.9, 1.5e-6).withWarmupEpochs(10).withFinalLr(lr * 1e-3);
    }

    /**
     * Returns a copy with another projector output width.
     *
     * @param value the output width
     * @return the copy
     */
    public BarlowTwinsConfig withProjectionDim(int value) {
        return new BarlowTwinsConfig(value, hiddenDim, projectionLayers, lambda);
    }

    /**
     * Returns a copy with another projector hidden width.
     *
     * @param value the hidden width
     * @return the copy
     */
    public BarlowTwinsConfig withHiddenDim(int value) {
        return new BarlowTwinsConfig(projectionDim, value, projectionLayers, lambda);
    }

    /**
     * Returns a copy with another off-diagonal weight.
     *
     * @param value λ
     * @return the copy
     */
    public BarlowTwinsConfig withLambda(double value) {
        return new BarlowTwinsConfig(projectionDim, hiddenDim, projectionLayers, value);
    }
}
