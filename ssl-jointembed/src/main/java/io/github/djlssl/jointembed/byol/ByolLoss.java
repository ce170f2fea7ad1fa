package io.github.djlssl.jointembed.byol;

import ai.djl.ndarray.NDArray;
import io.github.djlssl.core.tensor.Scalars;

/**
 * BYOL's symmetrised regression loss (Grill et al. 2020, Eq. 2): the normalised MSE between the
 * online prediction and the target projection, {@code ‖q̄ − z̄'‖² = 2 − 2·cos(q, z')}, averaged
 * over the batch and summed over both directions, {@code L = L(q1, z2') + L(q2, z1')} (§3.1, "we
 * symmetrize the loss").
 *
 * <p>As in the official code ({@code byol/utils/helpers.py}, {@code regression_loss}) and
 * solo-learn's {@code byol_loss_func}; lightly's {@code NegativeCosineSimilarity} differs by the
 * constant and a factor.
 */
public final class ByolLoss {

    private ByolLoss() {}

    /**
     * Computes {@code mean(2 − 2cos(p1, z2)) + mean(2 − 2cos(p2, z1))}.
     *
     * @param p1 online predictions of view 1 {@code [B, D]}
     * @param p2 online predictions of view 2 {@code [B, D]}
     * @param z1 target projections of view 1 {@code [B, D]} (no gradient)
     * @param z2 target projections of view 2 {@code [B, D]} (no gradient)
     * @return the scalar loss, in [0, 8]
     */
    public static NDArray compute(NDArray p1, NDArray p2, NDArray z1, NDArray z2) {
        return regression(p1, z2).add(regression(p2, z1));
    }

    /**
     * Computes one direction, {@code mean_b(2 − 2·cos(p_b, z_b))}.
     *
     * @param predictions {@code [B, D]}
     * @param targets {@code [B, D]}
     * @return the scalar loss, in [0, 4]
     */
    public static NDArray regression(NDArray predictions, NDArray targets) {
        if (!predictions.getShape().equals(targets.getShape()) || predictions.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "expected two [B, D] arrays of equal shape, got " + predictions.getShape() + " and " + targets.getShape());
        }
        NDArray cos = cosine(predictions, targets);
        return Scalars.mul(cos, -2).add(2f);
    }

    /**
     * Returns the mean cosine similarity of matching rows.
     *
     * @param a {@code [B, D]}
     * @param b {@code [B, D]}
     * @return the scalar mean of {@code cos(a_i, b_i)}
     */
    public static NDArray cosine(NDArray a, NDArray b) {
        return a.normalize(2, 1, 1e-12).mul(b.normalize(2, 1, 1e-12)).sum(new int[] {1}).mean();
    }
}
