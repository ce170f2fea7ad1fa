package io.github.djlssl.jointembed.swav;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.tensor.Scalars;

/**
 * The multi-crop cross-entropy shared by SwAV and DINO: every target crop predicts every other
 * crop. With targets {@code q_i} for the first G crops and logits {@code p_v} for all V crops,
 *
 * <pre>
 *   L = 1 / (G (V − 1)) · Σ_{i &lt; G} Σ_{v ≠ i} mean_b [ −Σ_k q_i[b, k] · log softmax(p_v[b] / T)_k ]
 * </pre>
 *
 * <p>This is SwAV's swapped prediction (Caron et al. 2020, Eq. 1 and 3, {@code main_swav.py}: codes
 * of {@code crops_for_assign} against the other crops, averaged per assigned crop and then over
 * them) and DINO's loss (Caron et al. 2021, Eq. 3 and {@code DINOLoss}: teacher global views
 * against every other student view, averaged over the {@code n_loss_terms} pairs); both reduce to
 * the same mean over the G·(V − 1) pairs. It is computed in O(V + G) batched ops instead of O(G·V):
 * with {@code S = Σ_v log softmax(p_v/T)}, the pairs of target i sum to {@code q_i · (S − log
 * softmax(p_i/T))}.
 *
 * <p>Generic (a soft-target cross-entropy between crops): a candidate for {@code ssl-core}.
 */
public final class MultiCropCrossEntropy {

    private MultiCropCrossEntropy() {}

    /**
     * Computes the loss.
     *
     * @param targets soft targets of the first G crops, crop-major {@code [G·B, K]}, rows summing
     *     to 1; treated as constants (the caller detaches them)
     * @param logits logits of all V crops in view order, crop-major {@code [V·B, K]}; row block i
     *     of {@code targets} belongs to view i
     * @param batch B, images per crop
     * @param temperature T &gt; 0 dividing the logits
     * @return the scalar mean loss
     */
    public static NDArray compute(NDArray targets, NDArray logits, long batch, double temperature) {
        Shape ts = targets.getShape();
        Shape ls = logits.getShape();
        if (ts.dimension() != 2 || ls.dimension() != 2 || ts.get(1) != ls.get(1)) {
            throw new IllegalArgumentException(
                    "expected targets [G·B, K] and logits [V·B, K], got " + ts + " and " + ls);
        }
        if (batch < 1 || ts.get(0) % batch != 0 || ls.get(0) % batch != 0) {
            throw new IllegalArgumentException(
                    "batch " + batch + " does not divide targets " + ts + " and logits " + ls);
        }
        long g = ts.get(0) / batch;
        long v = ls.get(0) / batch;
        if (g < 1 || v < 2 || g > v) {
            throw new IllegalArgumentException(
                    "need 1 <= target crops <= crops and >= 2 crops, got " + g + " and " + v);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        long k = ls.get(1);
        NDManager caller = logits.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray logProb = Scalars.div(logits, temperature);
            logProb.attach(scope);
            logProb = logProb.logSoftmax(1).reshape(v, batch, k); // [V, B, K]
            NDArray sum = logProb.sum(new int[] {0}, true); // [1, B, K]
            NDArray own =
                    g == v ? logProb : logProb.get(new NDIndex().addSliceDim(0, g)); // [G, B, K]
            NDArray q = targets.reshape(g, batch, k);
            q.attach(scope);
            NDArray loss =
                    Scalars.div(q.mul(sum.sub(own)).sum().neg(), (double) batch * g * (v - 1));
            loss.attach(caller);
            return loss;
        }
    }
}
