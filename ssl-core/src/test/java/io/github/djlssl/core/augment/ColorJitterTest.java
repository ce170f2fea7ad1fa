package io.github.djlssl.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ColorJitterTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void zeroStrengthOrZeroProbabilityIsIdentity() {
        NDArray images = manager.randomUniform(0f, 1f, new Shape(8, 3, 5, 5));
        float[] in = images.toFloatArray();
        assertArrayEquals(in, new ColorJitter(0, 0, 0, 0, 1.0).apply(images, Rng.of(1))
                .toFloatArray());
        assertArrayEquals(in, new ColorJitter(0.4, 0.4, 0.4, 0.1, 0.0).apply(images, Rng.of(1))
                .toFloatArray());
    }

    @Test
    void hueShiftOfAThirdTurnsRedIntoGreenAndGreenIntoBlue() {
        NDArray colours = manager.create(new float[] {1, 0, 0, 0, 1, 0, 0.5f, 0.5f, 0.5f},
                new Shape(3, 3, 1, 1));
        try (NDManager scope = manager.newSubManager()) {
            NDArray shift = scope.create(new float[] {2, 2, 2}, new Shape(3, 1, 1, 1));
            float[] out = HueShift.apply(scope, colours, shift).toFloatArray();
            assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1, 0.5f, 0.5f, 0.5f}, out, 1e-6f,
                    "red -> green, green -> blue, grey unchanged");
        }
    }

    @Test
    void hueShiftMatchesTorchvisionHsvRoundTrip() {
        Rng rng = Rng.of(21);
        int n = 500;
        float[] rgb = new float[n * 3];
        float[] shifts = new float[n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[i * 3 + c] = rng.nextFloat();
            }
            shifts[i] = (float) rng.uniform(-0.5, 0.5);
        }
        rgb[0] = rgb[1]; // a tie between R and G exercises the channel priority
        NDArray images = manager.create(rgb, new Shape(n, 3, 1, 1));
        try (NDManager scope = manager.newSubManager()) {
            float[] shift6 = new float[n];
            for (int i = 0; i < n; i++) {
                shift6[i] = 6 * shifts[i];
            }
            float[] out = HueShift.apply(scope, images,
                    scope.create(shift6, new Shape(n, 1, 1, 1))).toFloatArray();
            for (int i = 0; i < n; i++) {
                float[] expected = referenceHue(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2],
                        shifts[i]);
                for (int c = 0; c < 3; c++) {
                    assertEquals(expected[c], out[3 * i + c], 2e-5f, "pixel " + i + " ch " + c);
                }
            }
        }
    }

    @Test
    void outputsStayInRangeAndFactorsAreRandomPerSample() {
        NDArray images = manager.randomUniform(0f, 1f, new Shape(64, 3, 6, 6));
        NDArray out = new ColorJitter(0.8, 0.8, 0.8, 0.2, 1.0).apply(images, Rng.of(4));
        float[] v = out.toFloatArray();
        for (float x : v) {
            assertTrue(x >= 0f && x <= 1f, "value " + x);
        }
        // Brightness alone: every image is scaled by its own factor within [0.6, 1.4].
        NDArray flat = manager.full(new Shape(200, 1, 2, 2), 0.5f);
        float[] bright = new ColorJitter(0.4, 0, 0, 0, 1.0).apply(flat, Rng.of(8)).toFloatArray();
        double min = 1;
        double max = 0;
        for (float x : bright) {
            min = Math.min(min, x / 0.5);
            max = Math.max(max, x / 0.5);
        }
        assertTrue(min >= 0.6 - 1e-6 && min < 0.65 && max <= 1.4 + 1e-6 && max > 1.35,
                "factors span [0.6, 1.4]: " + min + " .. " + max);
    }

    @Test
    void oneChannelSkipsSaturationAndHue() {
        NDArray gray = manager.randomUniform(0f, 1f, new Shape(4, 1, 5, 5));
        assertArrayEquals(gray.toFloatArray(),
                new ColorJitter(0, 0, 0.9, 0.5, 1.0).apply(gray, Rng.of(2)).toFloatArray());
        NDArray out = new ColorJitter(0.4, 0.4, 0.4, 0.1, 1.0).apply(gray, Rng.of(2));
        assertEquals(gray.getShape(), out.getShape());
        assertThrows(IllegalArgumentException.class, () -> new ColorJitter(0, 0, 0, 0.6, 1));
        assertThrows(IllegalArgumentException.class, () -> new ColorJitter(-1, 0, 0, 0, 1));
    }

    /** torchvision's _rgb2hsv / _hsv2rgb on one pixel, in doubles. */
    private static float[] referenceHue(double r, double g, double b, double shift) {
        double maxc = Math.max(r, Math.max(g, b));
        double minc = Math.min(r, Math.min(g, b));
        double cr = maxc - minc;
        double s = maxc == 0 ? 0 : cr / maxc;
        double h = 0;
        if (cr > 0) {
            if (maxc == r) {
                h = (g - b) / cr;
            } else if (maxc == g) {
                h = 2 + (b - r) / cr;
            } else {
                h = 4 + (r - g) / cr;
            }
        }
        h = ((h / 6 + shift) % 1 + 1) % 1;
        double v = maxc;
        double i = Math.floor(h * 6);
        double f = h * 6 - i;
        double p = v * (1 - s);
        double q = v * (1 - s * f);
        double t = v * (1 - s * (1 - f));
        switch ((int) i % 6) {
            case 0: return new float[] {(float) v, (float) t, (float) p};
            case 1: return new float[] {(float) q, (float) v, (float) p};
            case 2: return new float[] {(float) p, (float) v, (float) t};
            case 3: return new float[] {(float) p, (float) q, (float) v};
            case 4: return new float[] {(float) t, (float) p, (float) v};
            default: return new float[] {(float) v, (float) p, (float) q};
        }
    }
}
