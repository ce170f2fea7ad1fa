package io.github.djlssl.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Collapse monitors on a batch of embeddings, computed on the device and detached, for logging as
 * step metrics.
 *
 * <p>{@link #meanStd} is the per-dimension standard deviation across the batch of the
 * L2-normalised embeddings, averaged over dimensions (BYOL's and SimSiam's collapse check, Chen
 * &amp; He 2021 §4.1; lightly's {@code std_of_l2_normalized}). A complete collapse gives 0;
 * embeddings spread uniformly on the sphere give {@code 1/√D}.
 */
public final class FeatureStatistics {

    private FeatureStatistics() {}

    /**
     * Returns the mean per-dimension std of the L2-normalised rows.
     *
     * @param embeddings {@code [N, D]}, N &ge; 2
     * @return a 0-d array on {@code embeddings}' manager, outside the gradient graph
     */
    public static NDArray meanStd(NDArray embeddings) {
        Shape s = embeddings.getShape();
        if (s.dimension() != 2 || s.get(0) < 2) {
            throw new IllegalArgumentException("expected embeddings [N >= 2, D], got " + s);
        }
        NDManager caller = embeddings.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray z = embeddings.stopGradient();
            z.attach(scope);
            NDArray unit = z.normalize(2, 1, 1e-12);
            NDArray centred = unit.sub(unit.mean(new int[] {0}, true));
            // unbiased variance, as torch.std
            NDArray variance = centred.square().sum(new int[] {0}).div((float) (s.get(0) - 1));
            NDArray result = variance.sqrt().mean();
            result.attach(caller);
            return result;
        }
    }
}
