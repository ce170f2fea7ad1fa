package io.github.djlssl.mim.mae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class MaeLossTest {

    @Test
    void rawPixelLossMatchesHandComputation() {
        // Patch 0: errors (1, 2) → mean 2.5; patch 1: errors (2, 3) → mean 6.5.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 2));
            NDArray target = m.create(new float[] {0, 0, 1, 1}, new Shape(1, 2, 2));
            MaeLoss loss = new MaeLoss(false);
            assertEquals(2.5f, loss.compute(pred, target, m.create(new float[] {1, 0}, new Shape(1, 2))).getFloat(), 1e-6);
            assertEquals(4.5f, loss.compute(pred, target, m.create(new float[] {1, 1}, new Shape(1, 2))).getFloat(), 1e-6);
        }
    }

    @Test
    void perPatchNormalisationUsesUnbiasedVarianceAndEps() {
        // [1, 2, 3, 4]: mean 2.5, unbiased variance 5/3 (torch.var default), ε = 1e-6 inside the root.
        try (NDManager m = NDManager.newBaseManager()) {
            float[] out = MaeLoss.normalizePerPatch(m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 4))).toFloatArray();
            double sd = Math.sqrt(5.0 / 3 + 1e-6);
            for (int i = 0; i < 4; i++) {
                assertEquals((i + 1 - 2.5) / sd, out[i], 1e-6);
            }
        }
    }

    @Test
    void visiblePatchPredictionsDoNotCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = m.randomNormal(new Shape(2, 6, 8));
            NDArray pred = m.randomNormal(new Shape(2, 6, 8));
            NDArray mask = m.create(new float[] {1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1}, new Shape(2, 6));
            // Change only visible rows (mask 0): add noise × (1 − mask).
            NDArray visibleNoise = m.randomNormal(new Shape(2, 6, 8)).mul(mask.neg().add(1).expandDims(2));
            for (boolean norm : new boolean[] {true, false}) {
                MaeLoss loss = new MaeLoss(norm);
                float before = loss.compute(pred, target, mask).getFloat();
                assertEquals(before, loss.compute(pred.add(visibleNoise), target, mask).getFloat(), 1e-6);
                NDArray maskedNoise = visibleNoise.sub(visibleNoise).add(1).mul(mask.expandDims(2));
                assertNotEquals(before, loss.compute(pred.add(maskedNoise), target, mask).getFloat(), "masked rows must count");
            }
        }
    }

    @Test
    void matchesOfficialForwardLossOnRandomInputs() {
        Rng rng = Rng.of(11);
        int b = 2;
        int l = 5;
        int k = 12;
        float[] pred = new float[b * l * k];
        float[] target = new float[b * l * k];
        for (int i = 0; i < pred.length; i++) {
            pred[i] = (float) rng.nextGaussian();
            target[i] = (float) (3 * rng.nextGaussian() + 1);
        }
        float[] mask = {1, 1, 0, 1, 0, 0, 1, 1, 1, 0};
        try (NDManager m = NDManager.newBaseManager()) {
            for (boolean norm : new boolean[] {true, false}) {
                float got = new MaeLoss(norm).compute(
                                m.create(pred, new Shape(b, l, k)),
                                m.create(target, new Shape(b, l, k)),
                                m.create(mask, new Shape(b, l)))
                        .getFloat();
                assertEquals(reference(pred, target, mask, b * l, k, norm), got, 1e-5);
            }
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            MaeLoss loss = new MaeLoss(true);
            assertThrows(IllegalArgumentException.class,
                    () -> loss.compute(m.ones(new Shape(1, 2, 4)), m.ones(new Shape(1, 2, 3)), m.ones(new Shape(1, 2))));
            assertThrows(IllegalArgumentException.class,
                    () -> loss.compute(m.ones(new Shape(1, 2, 4)), m.ones(new Shape(1, 2, 4)), m.ones(new Shape(1, 3))));
        }
    }

    /** facebookresearch/mae models_mae.py forward_loss, written out with doubles. */
    private static double reference(float[] pred, float[] target, float[] mask, int rows, int k, boolean norm) {
        double num = 0;
        double den = 0;
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int j = 0; j < k; j++) {
                mean += target[r * k + j];
            }
            mean /= k;
            double var = 0;
            for (int j = 0; j < k; j++) {
                var += Math.pow(target[r * k + j] - mean, 2);
            }
            var /= k - 1;
            double err = 0;
            for (int j = 0; j < k; j++) {
                double t = norm ? (target[r * k + j] - mean) / Math.sqrt(var + 1e-6) : target[r * k + j];
                err += Math.pow(pred[r * k + j] - t, 2);
            }
            num += err / k * mask[r];
            den += mask[r];
        }
        return num / den;
    }
}
