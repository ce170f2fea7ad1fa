package io.github.djlssl.jointembed.simclr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.github.djlssl.core.tensor.Scalars;

/**
 * The normalised temperature-scaled cross-entropy loss of SimCLR (Chen et al., 2020, Eq. 1).
 *
 * <p>For 2N projections {@code z} (two views of N images), with {@code s(i,j) = cos(z_i, z_j)/τ},
 * the loss of anchor i whose positive is j is {@code −log(exp(s(i,j)) / Σ_{k≠i} exp(s(i,k)))},
 * averaged over all 2N anchors (both orderings of every positive pair).
 */
public final class NtXentLoss {

    /** Added to the self-similarity logits so that {@code k = i} drops out of the softmax. */
    private static final float SELF_MASK = -1e9f;

    private final double temperature;

    /**
     * Creates the loss.
     *
     * @param temperature τ &gt; 0 (0.5 in the paper's CIFAR experiments; 0.1–0.2 with large
     *     batches)
     */
    public NtXentLoss(double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    /**
     * Returns τ.
     *
     * @return the temperature
     */
    public double temperature() {
        return temperature;
    }

    /**
     * Computes the loss.
     *
     * @param z1 projections of the first views {@code [N, D]}
     * @param z2 projections of the second views {@code [N, D]}; row i is the positive of {@code
     *     z1} row i
     * @return the scalar mean loss
     */
    public NDArray compute(NDArray z1, NDArray z2) {
        long n = z1.getShape().get(0);
        if (!z1.getShape().equals(z2.getShape()) || z1.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "expected two [N, D] arrays of equal shape, got " + z1.getShape() + " and " + z2.getShape());
        }
        if (n < 2) {
            throw new IllegalArgumentException("NT-Xent needs at least 2 images per batch, got " + n);
        }
        NDManager m = z1.getManager();
        NDArray z = z1.concat(z2, 0).normalize(2, 1, 1e-12);
        NDArray logits = Scalars.div(z.matMul(z.transpose()), temperature);
        logits = logits.add(m.eye((int) (2 * n)).mul(SELF_MASK));
        // positive of row i is row (i + N) mod 2N
        NDArray targets = m.arange(n, 2 * n, 1, DataType.INT64).concat(m.arange(0, n, 1, DataType.INT64));
        NDArray logProb = logits.logSoftmax(1);
        return logProb.get(new NDIndex().addAllDim().addPickDim(targets)).neg().mean();
    }

    /**
     * Returns the mean cosine similarity of the positive pairs, a cheap collapse/progress metric.
     *
     * @param z1 {@code [N, D]}
     * @param z2 {@code [N, D]}
     * @return scalar mean cosine similarity
     */
    public static NDArray positiveSimilarity(NDArray z1, NDArray z2) {
        return z1.normalize(2, 1, 1e-12).mul(z2.normalize(2, 1, 1e-12)).sum(new int[] {1}).mean();
    }
}
