package io.github.djlssl.jointembed.barlowtwins;

import ai.djl.ndarray.NDArray;
import io.github.djlssl.core.tensor.Scalars;

/**
 * The redundancy-reduction loss of Barlow Twins (Zbontar et al., 2021, Eq. 1–2).
 *
 * <p>Each projection dimension is standardised over the batch, {@code ẑ = (z − mean) /
 * sqrt(var + ε)} with the biased variance — what the official code's {@code BatchNorm1d(D,
 * affine=False)} does in training mode — and the cross-correlation of the two views is {@code C =
 * ẑ1ᵀ ẑ2 / N} ({@code [D, D]}). The loss is
 *
 * <pre>
 *   L = Σ_i (1 − C_ii)²  +  λ Σ_i Σ_{j≠i} C_ij²
 * </pre>
 *
 * The off-diagonal sum is computed as {@code Σ C² − Σ C_ii²}, so no {@code [D, D]} mask is built
 * (with the paper's D = 8192 a mask alone would be 268 MB).
 */
public final class BarlowTwinsLoss {

    /** ε of PyTorch's {@code BatchNorm1d}, which the official implementation standardises with. */
    public static final double BATCH_NORM_EPSILON = 1e-5;

    private final double lambda;
    private final float lambdaF;
    private final float epsilon;

    /**
     * The loss value and its parts, all scalars in the gradient graph of the inputs.
     *
     * @param loss {@code onDiagonal + λ · offDiagonal}
     * @param onDiagonal the invariance term {@code Σ_i (1 − C_ii)²}
     * @param offDiagonal the redundancy term {@code Σ_{i≠j} C_ij²}, before the factor λ
     * @param embeddingStd the mean over dimensions of the per-dimension batch standard deviation of
     *     the first view's projections (ε included) — a collapse monitor: it tends to 0 when
     *     embeddings collapse to a point
     */
    public record Terms(NDArray loss, NDArray onDiagonal, NDArray offDiagonal, NDArray embeddingStd) {}

    /**
     * Creates the loss with the official implementation's standardisation ε ({@value
     * #BATCH_NORM_EPSILON}).
     *
     * @param lambda λ, the weight of the off-diagonal term (paper: 5·10⁻³)
     */
    public BarlowTwinsLoss(double lambda) {
        this(lambda, BATCH_NORM_EPSILON);
    }

    /**
     * Creates the loss.
     *
     * @param lambda λ &ge; 0, the weight of the off-diagonal term
     * @param epsilon ε &ge; 0 added to the variance before the square root
     */
    public BarlowTwinsLoss(double lambda, double epsilon) {
        if (!(lambda >= 0 && Double.isFinite(lambda))) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        if (!(epsilon >= 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
        }
        this.lambda = lambda;
        // float operands: a Java double would promote the arrays to float64
        this.lambdaF = (float) lambda;
        this.epsilon = (float) epsilon;
    }

    /**
     * Returns λ.
     *
     * @return the off-diagonal weight
     */
    public double lambda() {
        return lambda;
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
     * @return the loss, its two terms and the embedding standard deviation
     */
    public Terms terms(NDArray z1, NDArray z2) {
        if (!z1.getShape().equals(z2.getShape()) || z1.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "expected two [N, D] arrays of equal shape, got " + z1.getShape() + " and " + z2.getShape());
        }
        long n = z1.getShape().get(0);
        if (n < 2) {
            throw new IllegalArgumentException("Barlow Twins needs at least 2 images per batch, got " + n);
        }
        NDArray centred1 = centre(z1);
        NDArray centred2 = centre(z2);
        NDArray std1 = std(centred1);
        NDArray a = centred1.div(std1);
        NDArray b = centred2.div(std(centred2));
        NDArray c = Scalars.div(a.transpose().matMul(b), n); // [D, D]
        NDArray diagonal = Scalars.div(a.mul(b).sum(new int[] {0}), n); // C_ii without gathering from c
        NDArray onDiagonal = diagonal.sub(1f).square().sum();
        NDArray offDiagonal = c.square().sum().sub(diagonal.square().sum());
        NDArray loss = onDiagonal.add(Scalars.mul(offDiagonal, lambdaF));
        return new Terms(loss, onDiagonal, offDiagonal, std1.mean());
    }

    private static NDArray centre(NDArray z) {
        return z.sub(z.mean(new int[] {0}, true));
    }

    /** Returns {@code sqrt(biased var + ε)} per dimension of centred rows, {@code [1, D]}. */
    private NDArray std(NDArray centred) {
        return centred.square().mean(new int[] {0}, true).add(epsilon).sqrt();
    }
}
