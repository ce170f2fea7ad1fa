package io.github.djlssl.jointembed.moco;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.github.djlssl.core.tensor.Scalars;

/**
 * MoCo v3's symmetric contrastive loss with in-batch negatives (Chen, Xie, He 2021, Algorithm 1):
 * {@code L = ctr(q1, k2) + ctr(q2, k1)} with {@code ctr(q, k) = 2τ · CE(q·kᵀ / τ, arange(B))} on
 * L2-normalised vectors: the key of the same image is the positive, the other B − 1 keys of the
 * batch are the negatives.
 *
 * <p>The {@code 2τ} factor is the official code's ({@code contrastive_loss} in {@code
 * moco/builder.py}); it makes the gradient scale independent of τ. Each ctr is a mean over the
 * batch.
 */
public final class MoCoV3Loss {

    private final double temperature;

    /**
     * Creates the loss.
     *
     * @param temperature τ &gt; 0 (0.2 for ViTs in the paper)
     */
    public MoCoV3Loss(double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    /**
     * Computes {@code ctr(q1, k2) + ctr(q2, k1)}.
     *
     * @param q1 predictions from view 1 {@code [B, D]}
     * @param q2 predictions from view 2 {@code [B, D]}
     * @param k1 momentum-encoder keys of view 1 {@code [B, D]} (no gradient)
     * @param k2 momentum-encoder keys of view 2 {@code [B, D]} (no gradient)
     * @return the scalar loss
     */
    public NDArray compute(NDArray q1, NDArray q2, NDArray k1, NDArray k2) {
        return contrastive(q1, k2).add(contrastive(q2, k1));
    }

    /**
     * Computes one direction, {@code 2τ · CE(q·kᵀ / τ, arange(B))}.
     *
     * @param queries {@code [B, D]}
     * @param keys {@code [B, D]}; row i is the positive of query row i
     * @return the scalar loss
     */
    public NDArray contrastive(NDArray queries, NDArray keys) {
        if (!queries.getShape().equals(keys.getShape()) || queries.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "expected queries and keys [B, D] of equal shape, got " + queries.getShape() + " and " + keys.getShape());
        }
        long b = queries.getShape().get(0);
        NDManager m = queries.getManager();
        NDArray q = queries.normalize(2, 1, 1e-12);
        NDArray k = keys.normalize(2, 1, 1e-12);
        NDArray logProb = Scalars.div(q.matMul(k.transpose()), temperature).logSoftmax(1);
        NDArray diagonal = logProb.get(new NDIndex().addAllDim().addPickDim(m.arange(0, b, 1, DataType.INT64)));
        // float operands: a double would promote the 0-d result to float64.
        return Scalars.mul(diagonal.mean(), -2 * temperature);
    }
}
