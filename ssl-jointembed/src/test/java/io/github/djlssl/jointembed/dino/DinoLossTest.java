package io.github.djlssl.jointembed.dino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.djlssl.core.random.Rng;

import org.junit.jupiter.api.Test;

/** DINO's loss against a hand value and against the official {@code DINOLoss} in doubles. */
class DinoLossTest {

    @Test
    void twoViewsMatchHandComputation() {
        // B = 1, K = 2, centre c = (0.5, 0), τ_t = 0.5, τ_s = 1.
        // Teacher: t0 = (1, 0) → q0 = softmax((0.5, 0) / 0.5) = softmax(1, 0), q0[0] = e / (1 + e);
        //          t1 = (0, 1) → q1 = softmax(-1, 2).
        // Student: s0 = (0, 0) → log p0 = (-log 2, -log 2); s1 = (1, 0) → log p1 = (1, 0) - log(1 +
        // e).
        // Pairs (q0, p1): log(1 + e) - q0[0]; (q1, p0): log 2. The loss is their mean.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray student = m.create(new float[] {0, 0, 1, 0}, new Shape(2, 2));
            NDArray teacher = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray center = m.create(new float[] {0.5f, 0}, new Shape(1, 2));
            float loss = new DinoLoss(1.0).compute(student, teacher, center, 0.5, 1).getFloat();
            double e = Math.E;
            double expected = (Math.log(1 + e) - e / (1 + e) + Math.log(2)) / 2;
            assertEquals(expected, loss, 1e-6);
        }
    }

    @Test
    void meanEntropyIsZeroForOneHotAndLnKForUniformRows() {
        try (NDManager m = NDManager.newBaseManager()) {
            // row 0 one-hot (entropy 0), row 1 uniform over 4 (ln 4): mean ln(4) / 2
            NDArray q = m.create(new float[] {1, 0, 0, 0, 0.25f, 0.25f, 0.25f, 0.25f}, new Shape(2, 4));
            assertEquals(Math.log(4) / 2, DinoLoss.meanEntropy(q).getFloat(), 1e-6);
        }
    }

    @Test
    void multiCropMatchesTheReferenceOnRandomInputs() {
        int b = 3;
        int k = 5;
        int views = 4;
        Rng rng = Rng.of(21);
        float[] s = gaussian(rng, views * b * k);
        float[] t = gaussian(rng, 2 * b * k);
        float[] c = gaussian(rng, k);
        try (NDManager m = NDManager.newBaseManager()) {
            float loss =
                    new DinoLoss(0.1)
                            .compute(
                                    m.create(s, new Shape(views * b, k)),
                                    m.create(t, new Shape(2 * b, k)),
                                    m.create(c, new Shape(1, k)),
                                    0.04,
                                    b)
                            .getFloat();
            assertEquals(reference(s, t, c, b, k, views, 0.1, 0.04), loss, 1e-4);
        }
    }

    @Test
    void teacherTargetsAreDetachedDistributions() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = m.randomNormal(new Shape(4, 6));
            t.setRequiresGradient(true);
            NDArray q = DinoLoss.targets(t, m.zeros(new Shape(1, 6)), 0.07);
            for (float rowSum : q.sum(new int[] {1}).toFloatArray()) {
                assertEquals(1f, rowSum, 1e-5f);
            }
            org.junit.jupiter.api.Assertions.assertFalse(q.hasGradient());
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new DinoLoss(0));
        try (NDManager m = NDManager.newBaseManager()) {
            DinoLoss l = new DinoLoss(0.1);
            // 3 target crops but only 2 views
            assertThrows(
                    IllegalArgumentException.class,
                    () ->
                            l.compute(
                                    m.ones(new Shape(4, 3)),
                                    m.ones(new Shape(6, 3)),
                                    m.zeros(new Shape(1, 3)),
                                    0.04,
                                    2));
        }
    }

    private static float[] gaussian(Rng rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    /** {@code DINOLoss.forward} in doubles: teacher softmax((t − c)/τ_t), pairs iq ≠ v, mean. */
    private static double reference(
            float[] s, float[] t, float[] c, int b, int k, int views, double ts, double tt) {
        double total = 0;
        int terms = 0;
        for (int iq = 0; iq < 2; iq++) {
            for (int v = 0; v < views; v++) {
                if (v == iq) {
                    continue;
                }
                double sum = 0;
                for (int n = 0; n < b; n++) {
                    double[] q = softmax(t, (iq * b + n) * k, k, tt, c);
                    double[] p = softmax(s, (v * b + n) * k, k, ts, null);
                    for (int j = 0; j < k; j++) {
                        sum -= q[j] * Math.log(p[j]);
                    }
                }
                total += sum / b;
                terms++;
            }
        }
        return total / terms;
    }

    private static double[] softmax(float[] x, int off, int k, double temp, float[] center) {
        double[] out = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            out[j] = (x[off + j] - (center == null ? 0 : center[j])) / temp;
            max = Math.max(max, out[j]);
        }
        double z = 0;
        for (int j = 0; j < k; j++) {
            out[j] = Math.exp(out[j] - max);
            z += out[j];
        }
        for (int j = 0; j < k; j++) {
            out[j] /= z;
        }
        return out;
    }
}
