package io.github.djlssl.jointembed.byol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class ByolLossTest {

    @Test
    void matchesHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Rows: p = [3, 0] vs z = [0, 5] (cos 0 → 2), p = [1, 1] vs z = [2, 2] (cos 1 → 0):
            // one direction = (2 + 0) / 2 = 1.
            NDArray p = m.create(new float[] {3, 0, 1, 1}, new Shape(2, 2));
            NDArray z = m.create(new float[] {0, 5, 2, 2}, new Shape(2, 2));
            assertEquals(1.0, ByolLoss.regression(p, z).getFloat(), 1e-6);
            // Both directions: p1 vs z2 = 1 (above); p2 = −z1 gives cos −1 → 4 per row.
            NDArray z1 = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            assertEquals(1 + 4, ByolLoss.compute(p, z1.neg(), z1, z).getFloat(), 1e-6);
        }
    }

    @Test
    void matchesTheFormulaOnRandomInputs() {
        Rng rng = Rng.of(17);
        int b = 6;
        int d = 5;
        float[][] x = new float[4][b * d];
        for (float[] a : x) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rng.nextGaussian();
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(b, d);
            float loss = ByolLoss.compute(m.create(x[0], s), m.create(x[1], s), m.create(x[2], s), m.create(x[3], s))
                    .getFloat();
            double expected = reference(x[0], x[3], b, d) + reference(x[1], x[2], b, d);
            assertEquals(expected, loss, 1e-5);
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class,
                    () -> ByolLoss.regression(m.ones(new Shape(2, 3)), m.ones(new Shape(2, 4))));
        }
    }

    /**
     * Eq. 2 in doubles: ‖p/‖p‖ − z/‖z‖‖² per row, averaged (the official {@code regression_loss}
     * sums (p̄ − z̄)² over features; solo-learn's {@code byol_loss_func} writes it as 2 − 2cos).
     */
    private static double reference(float[] p, float[] z, int b, int d) {
        double total = 0;
        for (int i = 0; i < b; i++) {
            double np = 0;
            double nz = 0;
            for (int c = 0; c < d; c++) {
                np += p[i * d + c] * p[i * d + c];
                nz += z[i * d + c] * z[i * d + c];
            }
            for (int c = 0; c < d; c++) {
                double diff = p[i * d + c] / Math.sqrt(np) - z[i * d + c] / Math.sqrt(nz);
                total += diff * diff;
            }
        }
        return total / b;
    }
}
