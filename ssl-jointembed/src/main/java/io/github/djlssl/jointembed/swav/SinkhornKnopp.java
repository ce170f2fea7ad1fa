package io.github.djlssl.jointembed.swav;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * SwAV's online code computation (Caron et al. 2020, §3.1 and Eq. 3): the equipartitioned soft
 * assignment {@code Q = Diag(u) exp(Cᵀ Z / ε) Diag(v)} of B samples to K prototypes, found by a few
 * Sinkhorn-Knopp iterations.
 *
 * <p>Follows the official {@code distributed_sinkhorn} exactly (single process): with {@code Q =
 * exp(scores / ε)ᵀ} of shape {@code [K, B]}, divide Q by its total; then {@code iterations} times
 * divide every row (prototype) by its sum and by K, and every column (sample) by its sum and by B;
 * finally multiply by B. After the last step every sample's code sums to exactly 1 and every
 * prototype receives about B/K of the batch (exactly only in the limit of many iterations). Before
 * the exponential the scores are shifted by their maximum, which cancels in the first normalisation
 * and keeps {@code exp} finite for any ε.
 */
public final class SinkhornKnopp {

    private final double epsilon;
    private final int iterations;

    /**
     * Creates the solver.
     *
     * @param epsilon ε &gt; 0, the entropy regularisation (0.05 in the paper)
     * @param iterations number of iterations &ge; 1 (3 in the paper)
     */
    public SinkhornKnopp(double epsilon, int iterations) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        this.epsilon = epsilon;
        this.iterations = iterations;
    }

    /**
     * Returns ε.
     *
     * @return the regularisation
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * Returns the iteration count.
     *
     * @return the number of Sinkhorn-Knopp iterations
     */
    public int iterations() {
        return iterations;
    }

    /**
     * Computes the codes; no gradient flows through them.
     *
     * @param scores prototype scores {@code [B, K]} (cosine similarities in SwAV)
     * @return codes {@code [B, K]}, every row summing to 1, attached to {@code scores}' manager
     */
    public NDArray assign(NDArray scores) {
        if (scores.getShape().dimension() != 2) {
            throw new IllegalArgumentException("expected scores [B, K], got " + scores.getShape());
        }
        long b = scores.getShape().get(0);
        long k = scores.getShape().get(1);
        NDManager caller = scores.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray s = scores.stopGradient();
            s.attach(scope);
            NDArray q = s.sub(s.max()).div((float) epsilon).exp().transpose(); // [K, B]
            q = q.div(q.sum());
            for (int it = 0; it < iterations; it++) {
                q = q.div(q.sum(new int[] {1}, true).mul((float) k)); // each prototype: total 1/K
                q = q.div(q.sum(new int[] {0}, true).mul((float) b)); // each sample: total 1/B
            }
            NDArray codes = q.mul((float) b).transpose();
            codes.attach(caller);
            return codes;
        }
    }
}
