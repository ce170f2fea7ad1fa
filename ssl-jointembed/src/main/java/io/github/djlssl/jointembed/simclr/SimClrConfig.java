package io.github.djlssl.jointembed.simclr;

/**
 * SimCLR settings with the paper's defaults (Chen et al., 2020, "A Simple Framework for
 * Contrastive Learning of Visual Representations").
 *
 * @param temperature τ of NT-Xent; 0.5 is the paper's CIFAR-10 value (Appendix B.9), 0.1 with
 *     batch 4096 and LARS on ImageNet
 * @param projectionDim output width of the projection head: 128 (§4.2)
 * @param hiddenDim hidden width of the projection head; 0 means "the encoder's feature width", as
 *     in the paper (2048 for ResNet-50)
 * @param projectionLayers 2 for SimCLR v1 (§4.2), 3 for SimCLR v2 (Chen et al., 2020b)
 * @param projectionBatchNorm BatchNorm after each hidden layer of the head, as in the official
 *     implementation
 */
public record SimClrConfig(
        double temperature,
        int projectionDim,
        int hiddenDim,
        int projectionLayers,
        boolean projectionBatchNorm) {

    /** Validates every field and names the bad one. */
    public SimClrConfig {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (projectionDim <= 0) {
            throw new IllegalArgumentException("projectionDim must be > 0, got " + projectionDim);
        }
        if (hiddenDim < 0) {
            throw new IllegalArgumentException("hiddenDim must be >= 0 (0 = encoder width), got " + hiddenDim);
        }
        if (projectionLayers < 2 || projectionLayers > 3) {
            throw new IllegalArgumentException("projectionLayers must be 2 (v1) or 3 (v2), got " + projectionLayers);
        }
    }

    /**
     * Returns the paper's defaults (SimCLR v1 with the CIFAR temperature).
     *
     * @return τ = 0.5, 128-d output, hidden = encoder width, 2 layers, BatchNorm on
     */
    public static SimClrConfig defaults() {
        return new SimClrConfig(0.5, 128, 0, 2, true);
    }

    /**
     * Returns a copy with another temperature.
     *
     * @param value τ
     * @return the copy
     */
    public SimClrConfig withTemperature(double value) {
        return new SimClrConfig(value, projectionDim, hiddenDim, projectionLayers, projectionBatchNorm);
    }

    /**
     * Returns a copy with another head output width.
     *
     * @param value the projection width
     * @return the copy
     */
    public SimClrConfig withProjectionDim(int value) {
        return new SimClrConfig(temperature, value, hiddenDim, projectionLayers, projectionBatchNorm);
    }

    /**
     * Returns a copy with another head hidden width.
     *
     * @param value hidden width (0 = encoder width)
     * @return the copy
     */
    public SimClrConfig withHiddenDim(int value) {
        return new SimClrConfig(temperature, projectionDim, value, projectionLayers, projectionBatchNorm);
    }
}
