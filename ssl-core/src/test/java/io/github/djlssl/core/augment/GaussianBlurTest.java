package io.github.djlssl.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GaussianBlurTest {

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
    void kernelSizeFollowsTheTenPercentRule() {
        assertEquals(23, GaussianBlur.kernelSizeFor(224));
        assertEquals(9, GaussianBlur.kernelSizeFor(96));
        assertEquals(3, GaussianBlur.kernelSizeFor(32));
        assertEquals(3, GaussianBlur.kernelSizeFor(16));
        assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(0.5, 0.1, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(0.5, 0, 2, 3));
    }

    @Test
    void zeroProbabilityIsIdentityAndConstantImagesKeepTheirValue() {
        NDArray images = manager.randomUniform(0f, 1f, new Shape(4, 3, 8, 8));
        assertArrayEquals(images.toFloatArray(),
                new GaussianBlur(0.0, 0.1, 2.0, 5).apply(images, Rng.of(1)).toFloatArray());
        NDArray flat = manager.full(new Shape(3, 2, 9, 9), 0.37f);
        for (float v : new GaussianBlur(1.0, 0.5, 3.0, 7).apply(flat, Rng.of(1)).toFloatArray()) {
            assertEquals(0.37f, v, 1e-6f);
        }
    }

    @Test
    void smoothImageKeepsItsMeanAndMatchesReferenceConvolution() {
        int side = 12;
        float[] data = new float[2 * side * side];
        for (int i = 0; i < 2; i++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    data[(i * side + y) * side + x] = (float) (0.5 + 0.3
                            * Math.sin(2 * Math.PI * x / side) * Math.cos(2 * Math.PI * y / side));
                }
            }
        }
        NDArray images = manager.create(data, new Shape(2, 1, side, side));
        GaussianBlur blur = new GaussianBlur(1.0, 0.5, 2.0, 5);
        float[] out = blur.apply(images, Rng.of(3)).toFloatArray();
        Rng replay = Rng.of(3);
        for (int i = 0; i < 2; i++) {
            replay.bernoulli(1.0);
        }
        double[] sigmas = {replay.uniform(0.5, 2.0), replay.uniform(0.5, 2.0)};
        double meanIn = 0;
        double meanOut = 0;
        for (int i = 0; i < 2; i++) {
            float[] expected = referenceBlur(data, i, side, sigmas[i], 5);
            for (int j = 0; j < side * side; j++) {
                assertEquals(expected[j], out[i * side * side + j], 1e-5f, "pixel " + j);
                meanIn += data[i * side * side + j];
                meanOut += out[i * side * side + j];
            }
        }
        assertEquals(meanIn / data.length, meanOut / data.length, 2e-3);
        assertNotEquals(data[1], out[1], "the image did change");
    }

    @Test
    void onlyChosenImagesAreBlurred() {
        NDArray images = manager.randomUniform(0f, 1f, new Shape(400, 1, 4, 4));
        float[] in = images.toFloatArray();
        float[] out = new GaussianBlur(0.5, 1.0, 2.0, 3).apply(images, Rng.of(6)).toFloatArray();
        int changed = 0;
        for (int i = 0; i < 400; i++) {
            for (int j = 0; j < 16; j++) {
                if (in[i * 16 + j] != out[i * 16 + j]) {
                    changed++;
                    break;
                }
            }
        }
        assertEquals(0.5, changed / 400.0, 4 * Math.sqrt(0.25 / 400));
    }

    /** Separable Gaussian with reflect padding, scalar Java. */
    private static float[] referenceBlur(float[] data, int image, int side, double sigma, int k) {
        int r = k / 2;
        double[] w = new double[k];
        double sum = 0;
        for (int t = -r; t <= r; t++) {
            w[t + r] = Math.exp(-t * t / (2 * sigma * sigma));
            sum += w[t + r];
        }
        double[] tmp = new double[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double acc = 0;
                for (int t = -r; t <= r; t++) {
                    acc += w[t + r] / sum * data[image * side * side + y * side + reflect(x + t, side)];
                }
                tmp[y * side + x] = acc;
            }
        }
        float[] out = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double acc = 0;
                for (int t = -r; t <= r; t++) {
                    acc += w[t + r] / sum * tmp[reflect(y + t, side) * side + x];
                }
                out[y * side + x] = (float) acc;
            }
        }
        return out;
    }

    private static int reflect(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * (n - 1) - i : i;
    }
}
