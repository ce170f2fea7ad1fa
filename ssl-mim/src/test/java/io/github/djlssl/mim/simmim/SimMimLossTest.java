package io.github.djlssl.mim.simmim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.encoder.PatchOps;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class SimMimLossTest {

    @Test
    void matchesHandComputation() {
        // One channel, 2 pixels per patch. Masked patch 0: |1−0| + |1−3| = 3 over 2 pixels.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(new float[] {1, 1, 5, 5}, new Shape(1, 2, 2));
            NDArray target = m.create(new float[] {0, 3, 0, 0}, new Shape(1, 2, 2));
            NDArray mask = m.create(new float[] {1, 0}, new Shape(1, 2));
            assertEquals(3 / (2 + 1e-5), new SimMimLoss(1).compute(pred, target, mask).getFloat(), 1e-6);
        }
    }

    @Test
    void onlyMaskedPixelsCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = m.randomNormal(new Shape(2, 4, 12));
            NDArray pred = m.randomNormal(new Shape(2, 4, 12));
            NDArray mask = m.create(new float[] {0, 1, 1, 0, 1, 0, 0, 0}, new Shape(2, 4));
            SimMimLoss loss = new SimMimLoss(3);
            float before = loss.compute(pred, target, mask).getFloat();
            NDArray visibleNoise = m.randomNormal(new Shape(2, 4, 12)).mul(mask.neg().add(1).expandDims(2));
            assertEquals(before, loss.compute(pred.add(visibleNoise), target, mask).getFloat(), 1e-6);
        }
    }

    @Test
    void matchesOfficialPixelMaskFormulaOnRandomImages() {
        // SimMIM's forward: mask.repeat_interleave(p, 1).repeat_interleave(p, 2).unsqueeze(1);
        // (|x − x_rec| * mask).sum() / (mask.sum() + 1e-5) / in_chans, in image space.
        int b = 2;
        int c = 3;
        int p = 2;
        int g = 3;
        int h = g * p;
        Rng rng = Rng.of(5);
        float[] x = new float[b * c * h * h];
        float[] rec = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
            rec[i] = (float) rng.nextGaussian();
        }
        float[] patchMask = new float[b * g * g];
        for (int i = 0; i < patchMask.length; i++) {
            patchMask[i] = rng.nextDouble() < 0.5 ? 1 : 0;
        }
        double num = 0;
        double den = 0;
        for (int n = 0; n < b; n++) {
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < h; xx++) {
                    double w = patchMask[n * g * g + (yy / p) * g + xx / p];
                    den += w;
                    for (int ch = 0; ch < c; ch++) {
                        int i = ((n * c + ch) * h + yy) * h + xx;
                        num += Math.abs(x[i] - rec[i]) * w;
                    }
                }
            }
        }
        double expected = num / (den + 1e-5) / c;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = m.create(x, new Shape(b, c, h, h));
            NDArray reconstruction = m.create(rec, new Shape(b, c, h, h));
            float got = new SimMimLoss(c).compute(
                            PatchOps.patchify(reconstruction, p), PatchOps.patchify(images, p),
                            m.create(patchMask, new Shape(b, g * g)))
                    .getFloat();
            assertEquals(expected, got, 1e-5);
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new SimMimLoss(0));
        try (NDManager m = NDManager.newBaseManager()) {
            SimMimLoss loss = new SimMimLoss(3);
            assertThrows(IllegalArgumentException.class,
                    () -> loss.compute(m.ones(new Shape(1, 2, 4)), m.ones(new Shape(1, 2, 4)), m.ones(new Shape(1, 2))));
        }
    }
}
