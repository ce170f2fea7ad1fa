package io.github.djlssl.core.head;

/**
 * Presets for the predictor MLP of asymmetric methods, which maps one branch's projection onto the
 * other's: BYOL (Grill et al. 2020), SimSiam (Chen &amp; He 2021), MoCo v3 (Chen et al. 2021).
 * The predictor is a {@link ProjectionHead} ({@code Linear → BN → ReLU → Linear}); each preset
 * returns its builder so a field can still be changed.
 *
 * <pre>{@code
 * ProjectionHead predictor = PredictionHead.byol(256).build();
 * }</pre>
 */
public final class PredictionHead {

    private PredictionHead() {}

    /**
     * Returns a predictor builder: 2 layers, BN on the hidden layer, no last BN, hidden width 4096.
     *
     * @return a builder; set the output width (= the projection width) before building
     */
    public static ProjectionHead.Builder builder() {
        return ProjectionHead.builder().optNumLayers(2).optHiddenDim(4096).optBatchNorm(true);
    }

    /**
     * Returns BYOL's predictor: {@code dim → 4096 → dim} with BN and ReLU.
     *
     * @param dim the projection width (256 in the paper)
     * @return the builder
     */
    public static ProjectionHead.Builder byol(int dim) {
        return builder().setOutputDim(dim);
    }

    /**
     * Returns SimSiam's bottleneck predictor: {@code 2048 → 512 → 2048}, BN on the hidden layer.
     *
     * @param dim the projection width (2048 in the paper)
     * @return the builder with hidden width {@code dim / 4}
     */
    public static ProjectionHead.Builder simSiam(int dim) {
        return builder().setOutputDim(dim).optHiddenDim(Math.max(1, dim / 4));
    }

    /**
     * Returns MoCo v3's predictor: {@code dim → 4096 → dim}, BN and ReLU, no biases, no last BN.
     *
     * @param dim the projection width (256 in the paper)
     * @return the builder
     */
    public static ProjectionHead.Builder mocoV3(int dim) {
        return builder().setOutputDim(dim).optHiddenBias(false).optLastBias(false);
    }
}
