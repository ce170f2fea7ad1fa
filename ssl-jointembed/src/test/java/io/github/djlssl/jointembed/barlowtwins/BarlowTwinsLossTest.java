package io.github.djlssl.jointembed.barlowtwins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class BarlowTwinsLossTest {

    /**
     * Columns of z1 are the ±1 patterns a = (1,−1,1,−1), b = (1,1,−1,−1), c = (1,−1,−1,1): mean 0,
     * biased std 1, mutually orthogonal. z2 = [a, b, a + b]; a + b = (2,0,0,−2) standardises to
     * (√2,0,0,−√2). Then C = z1ᵀẑ2/4 = [[1,0,√2/2],[0,1,√2/2],[0,0,0]]: the diagonal misses by
     * (0,0,1) → on-diagonal 1; the off-diagonal squares are ½ + ½ → 1. Loss = 1 + λ.
     */
    private static final float[] Z1 = {1, 1, 1, -1, 1, -1, 1, -1, -1, -1, -1, 1};

    private static final float[] Z2 = {1, 1, 2, -1, 1, 0, 1, -1, 0, -1, -1, -2};

    @Test
    void matchesHandComputationOnFixedInputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z1 = m.create(Z1, new Shape(4, 3));
            NDArray z2 = m.create(Z2, new Shape(4, 3));
            BarlowTwinsLoss.Terms t = new BarlowTwinsLoss(5e-3, 0).terms(z1, z2);
            assertEquals(1.0, t.onDiagonal().getFloat(), 1e-6);
            assertEquals(1.0, t.offDiagonal().getFloat(), 1e-6);
            assertEquals(1.005, t.loss().getFloat(), 1e-6);
            assertEquals(1.0, t.embeddingStd().getFloat(), 1e-6);
            // The official ε = 1e-5 shrinks every standardised value by 1/sqrt(1 + 1e-5) only.
            assertEquals(1.005, new BarlowTwinsLoss(5e-3).compute(z1, z2).getFloat(), 1e-4);
        }
    }

    @Test
    void isInvariantToPerDimensionScaleAndShift() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z1 = m.create(Z1, new Shape(4, 3));
            NDArray z2 = m.create(Z2, new Shape(4, 3));
            NDArray affine = z2.mul(m.create(new float[] {3, 0.5f, 7}, new Shape(1, 3))).add(5);
            BarlowTwinsLoss l = new BarlowTwinsLoss(0.3, 0);
            assertEquals(l.compute(z1, z2).getFloat(), l.compute(z1, affine).getFloat(), 1e-5);
            // an identical second view is the optimum: C = I
            assertEquals(0, l.compute(z1, z1.mul(2)).getFloat(), 1e-6);
            assertEquals(1 + 0.3, l.compute(z1, z2).getFloat(), 1e-5); // on 1 + λ · off 1
        }
    }

    @Test
    void matchesTheOfficialFormulaOnRandomInputs() {
        Rng rng = Rng.of(17);
        int n = 6;
        int d = 5;
        double lambda = 0.2;
        float[] a = new float[n * d];
        float[] b = new float[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rng.nextGaussian() * 2 + 0.5);
            b[i] = (float) (a[i] * 0.5 + rng.nextGaussian());
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float loss =
                    new BarlowTwinsLoss(lambda)
                            .compute(m.create(a, new Shape(n, d)), m.create(b, new Shape(n, d)))
                            .getFloat();
            double expected = reference(a, b, n, d, lambda);
            assertEquals(expected, loss, 1e-5 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new BarlowTwinsLoss(-1));
        assertThrows(IllegalArgumentException.class, () -> new BarlowTwinsLoss(0.1, Double.NaN));
        try (NDManager m = NDManager.newBaseManager()) {
            BarlowTwinsLoss l = new BarlowTwinsLoss(5e-3);
            assertThrows(IllegalArgumentException.class, () -> l.compute(m.ones(new Shape(1, 3)), m.ones(new Shape(1, 3))));
            assertThrows(IllegalArgumentException.class, () -> l.compute(m.ones(new Shape(2, 3)), m.ones(new Shape(2, 4))));
        }
    }

    /**
     * facebookresearch/barlowtwins main.py in doubles: {@code c = bn(z1).T @ bn(z2) / N} with
     * {@code BatchNorm1d(affine=False)} in training mode (biased variance, ε = 1e-5), then {@code
     * Σ (diag(c) − 1)² + λ Σ offdiag(c)²}.
     */
    private static double reference(float[] a, float[] b, int n, int d, double lambda) {
        double[][] za = standardise(a, n, d);
        double[][] zb = standardise(b, n, d);
        double loss = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double c = 0;
                for (int k = 0; k < n; k++) {
                    c += za[k][i] * zb[k][j];
                }
                c /= n;
                loss += i == j ? (c - 1) * (c - 1) : lambda * c * c;
            }
        }
        return loss;
    }

    private static double[][] standardise(float[] z, int n, int d) {
        double[][] out = new double[n][d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int k = 0; k < n; k++) {
                mean += z[k * d + j];
            }
            mean /= n;
            double var = 0;
            for (int k = 0; k < n; k++) {
                double x = z[k * d + j] - mean;
                var += x * x;
            }
            var /= n;
            for (int k = 0; k < n; k++) {
                out[k][j] = (z[k * d + j] - mean) / Math.sqrt(var + 1e-5);
            }
        }
        return out;
    }
}
