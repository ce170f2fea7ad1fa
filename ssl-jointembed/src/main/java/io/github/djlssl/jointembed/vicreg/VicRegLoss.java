package io.github.djlssl.jointembed.vicreg;

import ai.djl.ndarray.NDArray;
import io.github.djlssl.core.tensor.Scalars;

/**
 * The variance-invariance-covariance loss of VICReg (Bardes, Ponce, LeCun, 2022, Eq. 1–6), as in
 * the official implementation (facebookresearch/vicreg, {@code main_vicreg.py}).
 *
 * <p>For two batches of projections {@code Z, Z'} of shape {@code [N, D]}:
 *
 * <pre>
 *   s(Z, Z') = mean_{n,d} (z − z')²                                  invariance (Eq. 5)
 *   v(Z)     = 1/D Σ_j max(0, γ − sqrt(Var(z^j) + ε))                variance (Eq. 1–2)
 *   c(Z)     = 1/D Σ_{i≠j} Cov(Z)_ij²,  Cov = Z̄ᵀZ̄ / (N − 1)         covariance (Eq. 3–4)
 *   ℓ        = λ s(Z, Z') + μ (v(Z) + v(Z')) / 2 + ν (c(Z) + c(Z'))   (Eq. 6)
 * </pre>
 *
 * with the unbiased variance and the mean-centred {@code Z̄}. Two details follow the official code,
 * for which the paper's coefficients (λ = μ = 25, ν = 1) were tuned, rather than the letter of the
 * equations: the invariance term averages over all {@code N·D} entries ({@code F.mse_loss}; Eq. 5
 * sums over D), and the two variance terms are averaged (Eq. 6 adds them). The off-diagonal sum is
 * {@code Σ Cov² − Σ Var²}, so no {@code [D, D]} mask is built.
 */
public final class VicRegLoss {

    // floats: a Java double operand would promote the arrays to float64
    private final float invarianceWeight;
    private final float varianceWeight;
    private final float covarianceWeight;
    private final float varianceTarget;
    private final float epsilon;

    /**
     * The loss value and its unweighted parts, all scalars in the gradient graph of the inputs.
     *
     * @param loss the weighted sum ℓ
     * @param invariance {@code s(Z, Z')}
     * @param variance {@code (v(Z) + v(Z')) / 2}
     * @param covariance {@code c(Z) + c(Z')}
     * @param embeddingStd the mean over dimensions of {@code sqrt(Var(z^j) + ε)} of the first view —
     *     a collapse monitor, pushed towards ≥ γ by the variance term
     */
    public record Terms(
            NDArray loss, NDArray invariance, NDArray variance, NDArray covariance, NDArray embeddingStd) {}

    /**
     * Creates the loss.
     *
     * @param invarianceWeight λ &ge; 0 (paper: 25)
     * @param varianceWeight μ &ge; 0 (paper: 25)
     * @param covarianceWeight ν &ge; 0 (paper: 1)
     * @param varianceTarget γ &gt; 0, the target standard deviation (paper: 1)
     * @param epsilon ε &gt; 0 inside the square root (paper: 10⁻⁴)
     */
    public VicRegLoss(
            double invarianceWeight,
            double varianceWeight,
            double covarianceWeight,
            double varianceTarget,
            double epsilon) {
        requireNonNegative("invarianceWeight", invarianceWeight);
        requireNonNegative("varianceWeight", varianceWeight);
        requireNonNegative("covarianceWeight", covarianceWeight);
        requirePositive("varianceTarget", varianceTarget);
        requirePositive("epsilon", epsilon);
        this.invarianceWeight = (float) invarianceWeight;
        this.varianceWeight = (float) varianceWeight;
        this.covarianceWeight = (float) covarianceWeight;
        this.varianceTarget = (float) varianceTarget;
        this.epsilon = (float) epsilon;
    }

    /**
     * Creates the loss with a config's coefficients.
     *
     * @param config the settings
     * @return the loss
     */
    public static VicRegLoss of(VicRegConfig config) {
        return new VicRegLoss(
                config.invarianceWeight(),
                config.varianceWeight(),
                config.covarianceWeight(),
                config.varianceTarget(),
                config.epsilon());
    }

    /**
     * Computes the loss.
     *
     * @param z1 projections of the first views {@code [N, D]}
     * @param z2 projections of the second views {@code [N, D]}; row i is the other view of image i
     * @return the scalar loss
     */
    public NDArray compute(NDArray z1, NDArray z2) {
        return terms(z1, z2).loss();
    }

    /**
     * Computes the loss and its parts.
     *
     * @param z1 projections of the first views {@code [N, D]}
     * @param z2 projections of the second views {@code [N, D]}
     * @return the loss and its unweighted terms
     */
    public Terms terms(NDArray z1, NDArray z2) {
        if (!z1.getShape().equals(z2.getShape()) || z1.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "expected two [N, D] arrays of equal shape, got " + z1.getShape() + " and " + z2.getShape());
        }
        long n = z1.getShape().get(0);
        if (n < 2) {
            throw new IllegalArgumentException("VICReg needs at least 2 images per batch, got " + n);
        }
        NDArray invariance = z1.sub(z2).square().mean();
        Branch b1 = branch(z1, n);
        Branch b2 = branch(z2, n);
        NDArray variance = Scalars.div(b1.variance.add(b2.variance), 2);
        NDArray covariance = b1.covariance.add(b2.covariance);
        NDArray loss =
                Scalars.mul(invariance, invarianceWeight)
                        .add(Scalars.mul(variance, varianceWeight))
                        .add(Scalars.mul(covariance, covarianceWeight));
        return new Terms(loss, invariance, variance, covariance, b1.std.mean());
    }

    /** The per-branch terms v(Z), c(Z) and the per-dimension std {@code [D]}. */
    private record Branch(NDArray variance, NDArray covariance, NDArray std) {}

    private Branch branch(NDArray z, long n) {
        long d = z.getShape().get(1);
        NDArray centred = z.sub(z.mean(new int[] {0}, true));
        NDArray var = Scalars.div(centred.square().sum(new int[] {0}), n - 1); // unbiased, = diag(Cov)
        NDArray std = var.add(epsilon).sqrt();
        NDArray variance = Scalars.maximum(std.neg().add(varianceTarget), 0).mean();
        NDArray cov = Scalars.div(centred.transpose().matMul(centred), n - 1); // [D, D]
        NDArray covariance = Scalars.div(cov.square().sum().sub(var.square().sum()), d);
        return new Branch(variance, covariance, std);
    }

    private static void requireNonNegative(String field, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + " must be finite and >= 0, got " + value);
        }
    }

    private static void requirePositive(String field, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + " must be finite and > 0, got " + value);
        }
    }
}
