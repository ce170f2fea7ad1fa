package io.github.djlssl.mim.maskfeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class MaskFeatLossTest {

    @Test
    void averagesSquaredErrorOverMaskedPatchesOnly() {
        // B = 1, L = 2, T = 2. Patch 0 masked with errors (1, 3) → mean 5; patch 1 visible with a
        // huge error that must not count. Loss = 5.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(new float[] {1, 3, 100, 100}, new Shape(1, 2, 2));
            NDArray target = m.zeros(new Shape(1, 2, 2));
            NDArray mask = m.create(new float[] {1, 0}, new Shape(1, 2));
            assertEquals(5f, MaskFeatLoss.compute(pred, target, mask).getFloat(), 1e-6f);
        }
    }

    @Test
    void matchesTheFormulaOnRandomInputs() {
        // pyslowfast: MSELoss(mean)(pred[mask], hog[mask]) — the mean over masked rows and values.
        int b = 3;
        int l = 5;
        int t = 4;
        Rng rng = Rng.of(9);
        float[] p = rng.uniformArray(b * l * t, -1, 1);
        float[] y = rng.uniformArray(b * l * t, -1, 1);
        float[] mk = new float[b * l];
        for (int i = 0; i < mk.length; i++) {
            mk[i] = rng.bernoulli(0.4) || i == 0 ? 1 : 0;
        }
        double sum = 0;
        int count = 0;
        for (int i = 0; i < b * l; i++) {
            if (mk[i] == 1) {
                for (int k = 0; k < t; k++) {
                    double d = p[i * t + k] - y[i * t + k];
                    sum += d * d;
                    count++;
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float got = MaskFeatLoss.compute(m.create(p, new Shape(b, l, t)),
                    m.create(y, new Shape(b, l, t)), m.create(mk, new Shape(b, l))).getFloat();
            assertEquals(sum / count, got, 1e-6);
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> MaskFeatLoss.compute(
                    m.zeros(new Shape(1, 2, 3)), m.zeros(new Shape(1, 2, 4)), m.ones(new Shape(1, 2))));
            assertThrows(IllegalArgumentException.class, () -> MaskFeatLoss.compute(
                    m.zeros(new Shape(1, 2, 3)), m.zeros(new Shape(1, 2, 3)), m.ones(new Shape(1, 3))));
        }
    }
}
