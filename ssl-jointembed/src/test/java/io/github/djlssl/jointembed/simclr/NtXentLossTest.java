package io.github.djlssl.jointembed.simclr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class NtXentLossTest {

    @Test
    void orthogonalPairsMatchHandComputation() {
        // z1 = z2 = [e1, e2], τ = 0.5. For every anchor the positive has cos 1 → logit 2, the two
        // negatives have cos 0 → logit 0: loss = −log(e² / (e² + 2)) = log(e² + 2) − 2.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            float loss = new NtXentLoss(0.5).compute(z, z.duplicate()).getFloat();
            assertEquals(Math.log(Math.exp(2) + 2) - 2, loss, 1e-6);
        }
    }

    @Test
    void matchesTheFormulaOnRandomInputs() {
        Rng rng = Rng.of(3);
        int n = 5;
        int d = 7;
        double tau = 0.2;
        float[] a = new float[n * d];
        float[] b = new float[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
            b[i] = (float) rng.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float loss =
                    new NtXentLoss(tau)
                            .compute(m.create(a, new Shape(n, d)), m.create(b, new Shape(n, d)))
                            .getFloat();
            assertEquals(reference(a, b, n, d, tau), loss, 1e-5);
        }
    }

    @Test
    void isSymmetricInTheViews() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(6, 4));
            NDArray y = m.randomNormal(new Shape(6, 4));
            NtXentLoss l = new NtXentLoss(0.5);
            assertEquals(l.compute(x, y).getFloat(), l.compute(y, x).getFloat(), 1e-6);
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new NtXentLoss(0));
        try (NDManager m = NDManager.newBaseManager()) {
            NtXentLoss l = new NtXentLoss(0.5);
            assertThrows(IllegalArgumentException.class, () -> l.compute(m.ones(new Shape(1, 3)), m.ones(new Shape(1, 3))));
            assertThrows(IllegalArgumentException.class, () -> l.compute(m.ones(new Shape(2, 3)), m.ones(new Shape(3, 3))));
        }
    }

    /** Eq. 1 of the SimCLR paper written out with doubles. */
    private static double reference(float[] a, float[] b, int n, int d, double tau) {
        double[][] z = new double[2 * n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                z[i][k] = a[i * d + k];
                z[n + i][k] = b[i * d + k];
            }
        }
        for (double[] row : z) {
            double norm = 0;
            for (double v : row) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < d; k++) {
                row[k] /= norm;
            }
        }
        double total = 0;
        for (int i = 0; i < 2 * n; i++) {
            int pos = (i + n) % (2 * n);
            double denom = 0;
            double numer = 0;
            for (int j = 0; j < 2 * n; j++) {
                if (j == i) {
                    continue;
                }
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += z[i][k] * z[j][k];
                }
                double e = Math.exp(s / tau);
                denom += e;
                if (j == pos) {
                    numer = e;
                }
            }
            total += -Math.log(numer / denom);
        }
        return total / (2 * n);
    }
}
