package io.github.djlssl.hybrid.ijepa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The loss against hand values and against the reference formulas written in doubles: {@code
 * F.mse_loss} / {@code F.smooth_l1_loss(z, h)} (β = 1, mean) and {@code F.layer_norm(h,
 * (h.size(-1),))} as in facebookresearch/ijepa {@code src/train.py}.
 */
class IJepaLossTest {

    @Test
    void handValues() {
        // d = (0, 2, 3, 0.5): L2 mean(0, 4, 9, 0.25) = 3.3125;
        // smooth-L1 mean(0, 2 − .5, 3 − .5, .5²/2) = (1.5 + 2.5 + 0.125) / 4 = 1.03125.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {1, 2, 3, 4.5f}, new Shape(1, 2, 2));
            NDArray h = m.create(new float[] {1, 0, 0, 4}, new Shape(1, 2, 2));
            assertEquals(3.3125f, new IJepaLoss(IJepaLoss.Kind.L2).compute(z, h).getFloat(), 1e-6f);
            assertEquals(1.03125f, new IJepaLoss(IJepaLoss.Kind.SMOOTH_L1).compute(z, h).getFloat(), 1e-6f);
        }
    }

    @Test
    void matchesTheReferenceFormulasOnRandomInputs() {
        Rng rng = Rng.of(5);
        int n = 3 * 4 * 6;
        float[] z = new float[n];
        float[] h = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) (1.5 * rng.nextGaussian());
            h[i] = (float) rng.nextGaussian();
        }
        double mse = 0;
        double huber = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.abs((double) z[i] - h[i]);
            mse += d * d / n;
            huber += (d < 1 ? 0.5 * d * d : d - 0.5) / n;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray za = m.create(z, new Shape(3, 4, 6));
            NDArray ha = m.create(h, new Shape(3, 4, 6));
            assertEquals(mse, new IJepaLoss(IJepaLoss.Kind.L2).compute(za, ha).getFloat(), 1e-5);
            assertEquals(huber, new IJepaLoss(IJepaLoss.Kind.SMOOTH_L1).compute(za, ha).getFloat(), 1e-5);
        }
    }

    @Test
    void smoothL1GradientIsTorchs() {
        // d/dz of mean Huber: d/N inside |d| < 1, sign(d)/N outside.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {0.5f, -3f, 2f, 0f});
            NDArray h = m.zeros(new Shape(4));
            z.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(new IJepaLoss(IJepaLoss.Kind.SMOOTH_L1).compute(z, h));
            }
            assertArrayEquals(new float[] {0.125f, -0.25f, 0.25f, 0f}, z.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void layerNormMatchesTheReference() {
        Rng rng = Rng.of(9);
        int rows = 5;
        int d = 8;
        float[] x = new float[rows * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (3 + 2 * rng.nextGaussian());
        }
        double[] expected = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int k = 0; k < d; k++) {
                mean += x[r * d + k] / (double) d;
            }
            double var = 0;
            for (int k = 0; k < d; k++) {
                var += Math.pow(x[r * d + k] - mean, 2) / d; // biased, as torch's layer_norm
            }
            for (int k = 0; k < d; k++) {
                expected[r * d + k] = (x[r * d + k] - mean) / Math.sqrt(var + 1e-5);
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = IJepaLoss.layerNorm(m.create(x, new Shape(1, rows, d))).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(expected[i], got[i], 1e-5, "element " + i);
            }
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThrows(IllegalArgumentException.class, () -> new IJepaLoss(null));
        try (NDManager m = NDManager.newBaseManager()) {
            IJepaLoss l = new IJepaLoss(IJepaLoss.Kind.L2);
            assertThrows(IllegalArgumentException.class,
                    () -> l.compute(m.ones(new Shape(2, 3, 4)), m.ones(new Shape(2, 4, 4))));
        }
    }
}
