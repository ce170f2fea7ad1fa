package io.github.djlssl.mim.beit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class BeitLossTest {

    @Test
    void crossEntropyAtTheMaskedPositionMatchesHandValue() {
        // L = 2, V = 2. Position 0 masked, logits (0, ln 3), code 1: p = 3/4, loss = ln(4/3).
        // Position 1 is visible with a confidently wrong prediction that must not count.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {0, (float) Math.log(3), 50, -50}, new Shape(1, 2, 2));
            NDArray codes = m.create(new long[] {1, 1}, new Shape(1, 2));
            NDArray mask = m.create(new float[] {1, 0}, new Shape(1, 2));
            assertEquals(Math.log(4.0 / 3), BeitLoss.compute(logits, codes, mask).getFloat(), 1e-6);
            assertEquals(1f, BeitLoss.maskedAccuracy(logits, codes, mask).getFloat(), 0f);
        }
    }

    @Test
    void visiblePositionsNeitherChangeTheLossNorGetGradient() {
        int b = 2;
        int l = 6;
        int v = 5;
        Rng rng = Rng.of(4);
        float[] a = rng.uniformArray(b * l * v, -3, 3);
        float[] mk = {1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1};
        long[] codes = new long[b * l];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = rng.nextInt(v);
        }
        float[] changed = a.clone();
        for (int i = 0; i < b * l; i++) {
            if (mk[i] == 0) {
                for (int k = 0; k < v; k++) {
                    changed[i * v + k] = (float) rng.uniform(-9, 9);
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray c = m.create(codes, new Shape(b, l));
            NDArray mask = m.create(mk, new Shape(b, l));
            NDArray x = m.create(a, new Shape(b, l, v));
            x.setRequiresGradient(true);
            float base;
            try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray loss = BeitLoss.compute(x, c, mask);
                gc.backward(loss);
                base = loss.getFloat();
            }
            float[] grad = x.getGradient().toFloatArray();
            for (int i = 0; i < b * l; i++) {
                double norm = 0;
                for (int k = 0; k < v; k++) {
                    norm += Math.abs(grad[i * v + k]);
                }
                assertEquals(mk[i] == 0, norm == 0, "position " + i + " gradient " + norm);
            }
            float other = BeitLoss.compute(m.create(changed, new Shape(b, l, v)), c, mask).getFloat();
            assertEquals(base, other, 0f);
            assertEquals(reference(a, codes, mk, b * l, v), base, 1e-5);
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> BeitLoss.compute(
                    m.zeros(new Shape(1, 3, 4)), m.zeros(new Shape(1, 2), DataType.INT64),
                    m.ones(new Shape(1, 3))));
        }
    }

    /** BEiT: CrossEntropyLoss()(logits[mask], labels[mask]) in doubles. */
    private static double reference(float[] a, long[] codes, float[] mk, int n, int v) {
        double total = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (mk[i] == 0) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, a[i * v + k]);
            }
            double sum = 0;
            for (int k = 0; k < v; k++) {
                sum += Math.exp(a[i * v + k] - max);
            }
            total += -(a[i * v + (int) codes[i]] - max - Math.log(sum));
            count++;
        }
        return total / count;
    }
}
