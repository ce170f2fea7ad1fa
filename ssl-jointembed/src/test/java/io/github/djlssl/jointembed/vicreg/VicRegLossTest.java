package io.github.djlssl.jointembed.vicreg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class VicRegLossTest {

    private static final double EPS = 1e-4;

    /**
     * Columns of z1: a = (1,−1,1,−1), b = ½(1,1,−1,−1), a + b = (1.5,−0.5,0.5,−1.5); all mean 0.
     * Unbiased variances (sum of squares / 3): 4/3, 1/3, 5/3. Gram products: a·b = 0, a·(a+b) = 4,
     * b·(a+b) = 1, so the off-diagonal covariances are 0, 4/3, 1/3.
     */
    private static final float[] Z1 = {1, 0.5f, 1.5f, -1, 0.5f, -0.5f, 1, -0.5f, 0.5f, -1, -0.5f, -1.5f};

    @Test
    void matchesHandComputationOnFixedInputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z1 = m.create(Z1, new Shape(4, 3));
            NDArray z2 = z1.mul(2);
            VicRegLoss.Terms t = VicRegLoss.of(VicRegConfig.defaults()).terms(z1, z2);
            // invariance: mean (z1 − 2 z1)² = mean z1² = (4 + 1 + 5) / 12
            double invariance = 10.0 / 12;
            // variance: only b has std < 1 in z1; z2 = 2 z1 has every std > 1
            double v1 = (1 - Math.sqrt(1.0 / 3 + EPS)) / 3;
            double variance = (v1 + 0) / 2;
            // covariance: c(Z1) = 2 (16/9 + 1/9) / 3 = 34/27; Cov(2 Z1) = 4 Cov(Z1) → 16 × 34/27
            double covariance = 34.0 / 27 + 16 * 34.0 / 27;
            assertEquals(invariance, t.invariance().getFloat(), 1e-6);
            assertEquals(variance, t.variance().getFloat(), 1e-6);
            assertEquals(covariance, t.covariance().getFloat(), 1e-5);
            assertEquals(25 * invariance + 25 * variance + covariance, t.loss().getFloat(), 1e-4);
            double meanStd =
                    (Math.sqrt(4.0 / 3 + EPS) + Math.sqrt(1.0 / 3 + EPS) + Math.sqrt(5.0 / 3 + EPS)) / 3;
            assertEquals(meanStd, t.embeddingStd().getFloat(), 1e-6);
        }
    }

    @Test
    void collapsedEmbeddingsPayTheFullVarianceHinge() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray same = m.ones(new Shape(5, 4)).mul(3);
            VicRegLoss.Terms t = new VicRegLoss(25, 25, 1, 1, EPS).terms(same, same);
            assertEquals(0, t.invariance().getFloat(), 0);
            assertEquals(0, t.covariance().getFloat(), 0);
            assertEquals(1 - Math.sqrt(EPS), t.variance().getFloat(), 1e-6);
            assertEquals(25 * (1 - Math.sqrt(EPS)), t.loss().getFloat(), 1e-5);
        }
    }

    @Test
    void matchesTheOfficialFormulaOnRandomInputs() {
        Rng rng = Rng.of(23);
        int n = 7;
        int d = 5;
        float[] a = new float[n * d];
        float[] b = new float[n * d];
        for (int i = 0; i < a.length; i++) {
            // std around 0.8 so the variance hinge is active for some dimensions and not others
            a[i] = (float) (rng.nextGaussian() * 0.8 + 0.3);
            b[i] = (float) (a[i] + rng.nextGaussian() * 0.5);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            VicRegLoss loss = new VicRegLoss(25, 25, 1, 1, EPS);
            float value = loss.compute(m.create(a, new Shape(n, d)), m.create(b, new Shape(n, d))).getFloat();
            double expected = reference(a, b, n, d, 25, 25, 1);
            assertEquals(expected, value, 1e-5 * Math.max(1, Math.abs(expected)));
            float weighted = new VicRegLoss(2, 3, 0.5, 1.5, EPS)
                    .compute(m.create(a, new Shape(n, d)), m.create(b, new Shape(n, d)))
                    .getFloat();
            assertEquals(referenceWithTarget(a, b, n, d, 2, 3, 0.5, 1.5), weighted, 1e-5);
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new VicRegLoss(-1, 25, 1, 1, EPS));
        assertThrows(IllegalArgumentException.class, () -> new VicRegLoss(25, 25, 1, 0, EPS));
        assertThrows(IllegalArgumentException.class, () -> new VicRegLoss(25, 25, 1, 1, 0));
        try (NDManager m = NDManager.newBaseManager()) {
            VicRegLoss l = VicRegLoss.of(VicRegConfig.defaults());
            assertThrows(IllegalArgumentException.class, () -> l.compute(m.ones(new Shape(1, 3)), m.ones(new Shape(1, 3))));
            assertThrows(IllegalArgumentException.class, () -> l.compute(m.ones(new Shape(2, 3)), m.ones(new Shape(3, 3))));
        }
    }

    private static double reference(float[] a, float[] b, int n, int d, double sim, double std, double cov) {
        return referenceWithTarget(a, b, n, d, sim, std, cov, 1);
    }

    /**
     * facebookresearch/vicreg main_vicreg.py {@code VICReg.forward} in doubles: {@code F.mse_loss},
     * unbiased {@code var}, {@code std_loss = mean(relu(γ − std_x))/2 + mean(relu(γ − std_y))/2},
     * {@code cov_loss = Σ offdiag(cov_x)²/D + Σ offdiag(cov_y)²/D}.
     */
    private static double referenceWithTarget(
            float[] a, float[] b, int n, int d, double sim, double std, double cov, double gamma) {
        double mse = 0;
        for (int i = 0; i < a.length; i++) {
            mse += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        mse /= a.length;
        double stdLoss = 0;
        double covLoss = 0;
        for (float[] z : new float[][] {a, b}) {
            double[][] x = new double[n][d];
            for (int j = 0; j < d; j++) {
                double mean = 0;
                for (int k = 0; k < n; k++) {
                    mean += z[k * d + j];
                }
                mean /= n;
                for (int k = 0; k < n; k++) {
                    x[k][j] = z[k * d + j] - mean;
                }
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double c = 0;
                    for (int k = 0; k < n; k++) {
                        c += x[k][i] * x[k][j];
                    }
                    c /= n - 1;
                    if (i == j) {
                        stdLoss += Math.max(0, gamma - Math.sqrt(c + EPS)) / d / 2;
                    } else {
                        covLoss += c * c / d;
                    }
                }
            }
        }
        return sim * mse + std * stdLoss + cov * covLoss;
    }
}
