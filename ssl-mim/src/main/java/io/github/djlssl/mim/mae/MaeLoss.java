package io.github.djlssl.mim.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * MAE's reconstruction loss (He et al., 2022, §3 "Reconstruction target"; official {@code
 * forward_loss}): the mean squared error between predicted and target pixels of each patch,
 * averaged over the <b>masked</b> patches only.
 *
 * <pre>
 *   target = normPix ? (x − mean(x)) / sqrt(var(x) + 1e-6) : x      per patch, var unbiased
 *   loss   = Σ_{b,l} m[b,l] · mean_k (pred[b,l,k] − target[b,l,k])² / Σ m
 * </pre>
 *
 * <p>Visible patches contribute nothing: changing their predictions leaves the loss unchanged.
 */
public final class MaeLoss {

    /** The ε inside the square root of the per-patch normalisation (official code). */
    public static final double NORM_PIX_EPS = 1e-6;

    private final boolean normPixLoss;

    /**
     * Creates the loss.
     *
     * @param normPixLoss whether targets are normalised per patch (MAE's default)
     */
    public MaeLoss(boolean normPixLoss) {
        this.normPixLoss = normPixLoss;
    }

    /**
     * Returns whether targets are normalised per patch.
     *
     * @return the norm-pix switch
     */
    public boolean normPixLoss() {
        return normPixLoss;
    }

    /**
     * Computes the loss.
     *
     * @param predictions decoder output {@code [B, L, p·p·C]}
     * @param patches the patchified input images {@code [B, L, p·p·C]} (see {@code
     *     PatchOps.patchify}), un-normalised per patch
     * @param mask float {@code [B, L]}, 1 = masked (predicted), 0 = visible
     * @return the scalar loss
     */
    public NDArray compute(NDArray predictions, NDArray patches, NDArray mask) {
        Shape p = predictions.getShape();
        if (p.dimension() != 3 || !p.equals(patches.getShape())) {
            throw new IllegalArgumentException(
                    "predictions and patches must be equal [B, L, K], got " + p + " and " + patches.getShape());
        }
        if (!mask.getShape().equals(new Shape(p.get(0), p.get(1)))) {
            throw new IllegalArgumentException("mask must be [B, L] = " + p.slice(0, 2) + ", got " + mask.getShape());
        }
        NDArray target = normPixLoss ? normalizePerPatch(patches) : patches;
        NDArray perPatch = predictions.sub(target.stopGradient()).square().mean(new int[] {2});
        return perPatch.mul(mask).sum().div(mask.sum());
    }

    /**
     * Normalises every patch by its own pixel statistics: {@code (x − mean) / sqrt(var + 1e-6)},
     * with the unbiased variance over the patch's {@code p·p·C} values, as {@code torch.var} in
     * the official code.
     *
     * @param patches {@code [B, L, K]}, K &ge; 2
     * @return normalised patches {@code [B, L, K]}
     */
    public static NDArray normalizePerPatch(NDArray patches) {
        long k = patches.getShape().get(patches.getShape().dimension() - 1);
        if (k < 2) {
            throw new IllegalArgumentException("per-patch normalisation needs >= 2 values per patch, got " + k);
        }
        int last = patches.getShape().dimension() - 1;
        NDArray centred = patches.sub(patches.mean(new int[] {last}, true));
        NDArray variance = centred.square().sum(new int[] {last}, true).div((float) (k - 1));
        return centred.div(variance.add((float) NORM_PIX_EPS).sqrt());
    }
}
