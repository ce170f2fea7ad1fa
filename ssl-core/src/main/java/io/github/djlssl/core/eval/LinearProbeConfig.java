package io.github.djlssl.core.eval;

/**
 * Settings of the {@link LinearProbe}: mini-batch SGD with momentum and a per-step cosine learning
 * rate on a linear classifier over frozen features.
 *
 * <p>The optimiser follows the SimCLR linear-evaluation protocol as implemented by lightly's {@code
 * LinearClassifier} ("settings based on SimCLR": Chen et al. 2020, "A Simple Framework for
 * Contrastive Learning of Visual Representations"): SGD, momentum 0.9, learning rate 0.1 at batch size 256, no weight
 * decay, cosine decay per step without warm-up. The literature trains 90–100 epochs on ImageNet;
 * the default here is 30 so a CPU run on a small dataset stays short (features are precomputed,
 * so an epoch costs a few matrix products).
 *
 * <p>{@code standardize} divides each feature dimension by its training-set standard deviation
 * after subtracting its mean (biased variance, eps 1e-6): the BatchNorm without affine parameters
 * that MAE (He et al. 2022, "Masked Autoencoders Are Scalable Vision Learners", appendix A.2) puts
 * in front of its linear head, here with fixed training-set statistics. It makes one learning rate
 * work for encoders whose feature scales differ by orders of magnitude.
 *
 * @param epochs passes over the training features, &gt; 0
 * @param learningRate peak SGD learning rate, &gt; 0
 * @param momentum heavy-ball momentum in [0, 1) (PyTorch convention: {@code v = m v + g})
 * @param batchSize features per step, &gt; 0
 * @param weightDecay L2 penalty on the weight matrix (not the bias), &ge; 0
 * @param standardize whether to standardise features with the training set's mean and std
 * @param seed seed of the weight initialisation and of the per-epoch shuffles
 */
public record LinearProbeConfig(
        int epochs,
        double learningRate,
        double momentum,
        int batchSize,
        double weightDecay,
        boolean standardize,
        long seed) {

    /** Validates the fields. */
    public LinearProbeConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        }
    }

    /**
     * Returns the defaults: 30 epochs, lr 0.1, momentum 0.9, batch 256, no weight decay,
     * standardised features, seed 0.
     *
     * @return the defaults
     */
    public static LinearProbeConfig defaults() {
        return new LinearProbeConfig(30, 0.1, 0.9, 256, 0.0, true, 0L);
    }

    /**
     * Returns a copy with another number of epochs.
     *
     * @param newEpochs passes over the data
     * @return the copy
     */
    public LinearProbeConfig withEpochs(int newEpochs) {
        return new LinearProbeConfig(
                newEpochs, learningRate, momentum, batchSize, weightDecay, standardize, seed);
    }

    /**
     * Returns a copy with another learning rate.
     *
     * @param newLearningRate peak learning rate
     * @return the copy
     */
    public LinearProbeConfig withLearningRate(double newLearningRate) {
        return new LinearProbeConfig(
                epochs, newLearningRate, momentum, batchSize, weightDecay, standardize, seed);
    }

    /**
     * Returns a copy with another batch size.
     *
     * @param newBatchSize features per step
     * @return the copy
     */
    public LinearProbeConfig withBatchSize(int newBatchSize) {
        return new LinearProbeConfig(
                epochs, learningRate, momentum, newBatchSize, weightDecay, standardize, seed);
    }

    /**
     * Returns a copy with another weight decay.
     *
     * @param newWeightDecay L2 penalty
     * @return the copy
     */
    public LinearProbeConfig withWeightDecay(double newWeightDecay) {
        return new LinearProbeConfig(
                epochs, learningRate, momentum, batchSize, newWeightDecay, standardize, seed);
    }

    /**
     * Returns a copy with standardisation switched on or off.
     *
     * @param newStandardize whether to standardise
     * @return the copy
     */
    public LinearProbeConfig withStandardize(boolean newStandardize) {
        return new LinearProbeConfig(
                epochs, learningRate, momentum, batchSize, weightDecay, newStandardize, seed);
    }

    /**
     * Returns a copy with another seed.
     *
     * @param newSeed seed of initialisation and shuffles
     * @return the copy
     */
    public LinearProbeConfig withSeed(long newSeed) {
        return new LinearProbeConfig(
                epochs, learningRate, momentum, batchSize, weightDecay, standardize, newSeed);
    }
}
