package io.github.djlssl.mim.maskfeat;

import ai.djl.ndarray.NDArray;

/**
 * MaskFeat's objective (Wei et al. 2022, §3): the squared error between predicted and true HOG
 * features, averaged over the feature values of the <em>masked</em> patches only — pyslowfast's
 * {@code MSELoss(reduction="mean")} applied to {@code pred[mask]} and {@code hog[mask]}.
 */
public final class MaskFeatLoss {

    private MaskFeatLoss() {}

    /**
     * Computes {@code Σ_{b,l} m_bl · mean_t (pred − target)²_blt / Σ_{b,l} m_bl}.
     *
     * @param prediction {@code [B, L, T]}
     * @param target {@code [B, L, T]}, no gradient needed
     * @param floatMask {@code [B, L]}, 1 = masked (at least one per batch)
     * @return the scalar loss
     */
    public static NDArray compute(NDArray prediction, NDArray target, NDArray floatMask) {
        if (!prediction.getShape().equals(target.getShape())
                || prediction.getShape().dimension() != 3) {
            throw new IllegalArgumentException(
                    "prediction and target must both be [B, L, T], got " + prediction.getShape()
                            + " and " + target.getShape());
        }
        long b = prediction.getShape().get(0);
        long l = prediction.getShape().get(1);
        if (!floatMask.getShape().equals(new ai.djl.ndarray.types.Shape(b, l))) {
            throw new IllegalArgumentException(
                    "mask must be [" + b + ", " + l + "], got " + floatMask.getShape());
        }
        NDArray perPatch = prediction.sub(target).square().mean(new int[] {2});
        return perPatch.mul(floatMask).sum().div(floatMask.sum());
    }
}
