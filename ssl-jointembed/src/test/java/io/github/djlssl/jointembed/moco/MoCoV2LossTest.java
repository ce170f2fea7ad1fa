package io.github.djlssl.jointembed.moco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class MoCoV2LossTest {

    @Test
    void matchesHandComputation() {
        // q = k+ = e1 (after normalising [2, 0]), queue = {e2, −e1}, τ = 0.5: logits [2, 0, −2],
        // loss = −log(e² / (e² + 1 + e⁻²)) = log(e² + 1 + e⁻²) − 2.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(new float[] {2, 0}, new Shape(1, 2));
            NDArray k = m.create(new float[] {1, 0}, new Shape(1, 2));
            NDArray queue = m.create(new float[] {0, 1, -1, 0}, new Shape(2, 2));
            float loss = new MoCoV2Loss(0.5).compute(q, k, queue).getFloat();
            assertEquals(Math.log(Math.exp(2) + 1 + Math.exp(-2)) - 2, loss, 1e-6);
        }
    }

    @Test
    void matchesTheFormulaOnRandomInputs() {
        Rng rng = Rng.of(11);
        int b = 4;
        int d = 6;
        int kq = 9;
        double tau = 0.2;
        float[] q = gaussian(rng, b * d);
        float[] k = gaussian(rng, b * d);
        float[] queue = gaussian(rng, kq * d);
        unitRows(queue, d);
        try (NDManager m = NDManager.newBaseManager()) {
            float loss = new MoCoV2Loss(tau)
                    .compute(m.create(q, new Shape(b, d)), m.create(k, new Shape(b, d)), m.create(queue, new Shape(kq, d)))
                    .getFloat();
            assertEquals(reference(q, k, queue, b, d, kq, tau), loss, 1e-5);
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new MoCoV2Loss(0));
        try (NDManager m = NDManager.newBaseManager()) {
            MoCoV2Loss l = new MoCoV2Loss(0.2);
            assertThrows(IllegalArgumentException.class,
                    () -> l.compute(m.ones(new Shape(2, 3)), m.ones(new Shape(3, 3)), m.ones(new Shape(4, 3))));
            assertThrows(IllegalArgumentException.class,
                    () -> l.compute(m.ones(new Shape(2, 3)), m.ones(new Shape(2, 3)), m.ones(new Shape(4, 2))));
        }
    }

    /**
     * MoCo's Eq. 1 in doubles, as the official {@code moco/builder.py} computes it: normalise q and
     * k, logits [q·k+, q·queue] / τ, cross-entropy with target 0, mean over the batch.
     */
    static double reference(float[] q, float[] k, float[] queue, int b, int d, int kq, double tau) {
        double total = 0;
        for (int i = 0; i < b; i++) {
            double[] qi = unit(q, i, d);
            double[] ki = unit(k, i, d);
            double pos = dot(qi, ki) / tau;
            double denom = Math.exp(pos);
            for (int j = 0; j < kq; j++) {
                denom += Math.exp(dot(qi, unit(queue, j, d)) / tau);
            }
            total += Math.log(denom) - pos;
        }
        return total / b;
    }

    static float[] gaussian(Rng rng, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) rng.nextGaussian();
        }
        return out;
    }

    static void unitRows(float[] a, int d) {
        for (int r = 0; r < a.length / d; r++) {
            double[] u = unit(a, r, d);
            for (int c = 0; c < d; c++) {
                a[r * d + c] = (float) u[c];
            }
        }
    }

    static double[] unit(float[] a, int row, int d) {
        double[] out = new double[d];
        double norm = 0;
        for (int c = 0; c < d; c++) {
            out[c] = a[row * d + c];
            norm += out[c] * out[c];
        }
        norm = Math.sqrt(norm);
        for (int c = 0; c < d; c++) {
            out[c] /= norm;
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            s += a[c] * b[c];
        }
        return s;
    }
}
