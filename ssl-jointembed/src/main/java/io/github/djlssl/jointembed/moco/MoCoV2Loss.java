package io.github.djlssl.jointembed.moco;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.github.djlssl.core.tensor.Scalars;

/**
 * MoCo's InfoNCE against a queue (He et al. 2020, Eq. 1; kept by v2): for a query {@code q}, its
 * positive key {@code k+} and the K queued negatives {@code k_i}, {@code L = −log(exp(q·k+/τ) /
 * (exp(q·k+/τ) + Σ_i exp(q·k_i/τ)))}, averaged over the batch. Queries and keys are
 * L2-normalised here; the queue is already unit-length.
 *
 * <p>Written as the official code does: logits {@code [q·k+, q·queueᵀ] / τ} of shape {@code [B, 1
 * + K]} and a cross-entropy whose target is column 0.
 */
public final class MoCoV2Loss {

    private static final NDIndex FIRST_COLUMN = new NDIndex().addAllDim().addIndices(0);

    private final double temperature;

    /**
     * Creates the loss.
     *
     * @param temperature τ &gt; 0 (0.2 in MoCo v2)
     */
    public MoCoV2Loss(double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    /**
     * Computes the loss.
     *
     * @param queries query projections {@code [B, D]} (gradient flows through them)
     * @param keys positive keys {@code [B, D]} from the momentum encoder (no gradient)
     * @param queue negative keys {@code [K, D]}, unit rows
     * @return the scalar mean loss
     */
    public NDArray compute(NDArray queries, NDArray keys, NDArray queue) {
        if (!queries.getShape().equals(keys.getShape()) || queries.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "expected queries and keys [B, D] of equal shape, got " + queries.getShape() + " and " + keys.getShape());
        }
        if (queue.getShape().dimension() != 2 || queue.getShape().get(1) != queries.getShape().get(1)) {
            throw new IllegalArgumentException(
                    "queue must be [K, " + queries.getShape().get(1) + "], got " + queue.getShape());
        }
        NDArray q = queries.normalize(2, 1, 1e-12);
        NDArray k = keys.normalize(2, 1, 1e-12);
        NDArray positive = q.mul(k).sum(new int[] {1}, true); // [B, 1]
        // An op's result belongs to its receiver's manager: move the transposed view of the
        // long-lived queue to the queries' (per-step) manager, or every step would leak one.
        NDArray queueT = queue.transpose();
        queueT.attach(q.getManager());
        NDArray negative = q.matMul(queueT); // [B, K]
        NDArray logits = Scalars.div(positive.concat(negative, 1), temperature);
        return logits.logSoftmax(1).get(FIRST_COLUMN).neg().mean();
    }
}
