package io.github.djlssl.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flip, grayscale, solarise, normalise and the dtype/channel adapters. */
class PointOpsTest {

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
    void flipRateMatchesProbabilityAndFlipsExactly() {
        int b = 4000;
        float[] data = new float[b * 2];
        for (int i = 0; i < b; i++) {
            data[2 * i] = 0.25f;
            data[2 * i + 1] = 0.75f;
        }
        NDArray images = manager.create(data, new Shape(b, 1, 1, 2));
        for (double p : new double[] {0.0, 0.3, 0.5, 1.0}) {
            float[] out = new RandomHorizontalFlip(p).apply(images, Rng.of(5)).toFloatArray();
            int flipped = 0;
            for (int i = 0; i < b; i++) {
                boolean isFlipped = out[2 * i] == 0.75f && out[2 * i + 1] == 0.25f;
                boolean isSame = out[2 * i] == 0.25f && out[2 * i + 1] == 0.75f;
                assertTrue(isFlipped || isSame, "each image is either mirrored or untouched");
                flipped += isFlipped ? 1 : 0;
            }
            double sd = Math.sqrt(p * (1 - p) / b);
            assertEquals(p, flipped / (double) b, 4 * sd + 1e-12, "flip rate for p=" + p);
        }
        assertArrayEquals(data, images.toFloatArray(), "apply never modifies its input");
    }

    @Test
    void grayscaleUsesBt601WeightsAndKeepsChannels() {
        NDArray images = manager.create(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1},
                new Shape(3, 3, 1, 1)); // red, green, blue pixels
        NDArray gray = new RandomGrayscale(1.0).apply(images, Rng.of(0));
        assertEquals(new Shape(3, 3, 1, 1), gray.getShape());
        assertArrayEquals(new float[] {0.299f, 0.299f, 0.299f, 0.587f, 0.587f, 0.587f, 0.114f,
                0.114f, 0.114f}, gray.toFloatArray(), 1e-6f);
        assertArrayEquals(images.toFloatArray(),
                new RandomGrayscale(0.0).apply(images, Rng.of(0)).toFloatArray());
        NDArray single = manager.randomUniform(0f, 1f, new Shape(4, 1, 3, 3));
        assertArrayEquals(single.toFloatArray(),
                new RandomGrayscale(1.0).apply(single, Rng.of(0)).toFloatArray(),
                "1-channel images are already grey");
    }

    @Test
    void grayscaleRateOnMixedBatch() {
        int b = 2000;
        NDArray images = manager.create(new float[] {1, 0, 0}, new Shape(1, 3, 1, 1))
                .broadcast(new Shape(b, 3, 1, 1)).duplicate();
        float[] out = new RandomGrayscale(0.2).apply(images, Rng.of(9)).toFloatArray();
        int gray = 0;
        for (int i = 0; i < b; i++) {
            gray += Math.abs(out[3 * i + 1] - 0.299f) < 1e-6 ? 1 : 0;
        }
        assertEquals(0.2, gray / (double) b, 4 * Math.sqrt(0.16 / b));
    }

    @Test
    void solarizeInvertsAtOrAboveThreshold() {
        NDArray images = manager.create(new float[] {0.2f, 0.5f, 0.7f, 1f}, new Shape(1, 1, 2, 2));
        assertArrayEquals(new float[] {0.2f, 0.5f, 0.3f, 0f},
                Solarize.of(1.0).apply(images, Rng.of(1)).toFloatArray(), 1e-6f);
        assertArrayEquals(images.toFloatArray(),
                Solarize.of(0.0).apply(images, Rng.of(1)).toFloatArray());
    }

    @Test
    void normalizeIsExactForOneAndThreeChannels() {
        NDArray rgb = manager.create(new float[] {0.5f, 0.5f, 0.5f}, new Shape(1, 3, 1, 1));
        float[] out = Normalize.imagenet().apply(rgb, Rng.of(0)).toFloatArray();
        for (int c = 0; c < 3; c++) {
            float expected = (0.5f - Normalize.IMAGENET_MEAN[c]) / Normalize.IMAGENET_STD[c];
            assertEquals(expected, out[c], 1e-5f);
        }
        NDArray gray = manager.create(new float[] {0f, 1f}, new Shape(1, 1, 1, 2));
        assertArrayEquals(new float[] {-0.2860f / 0.3530f, (1 - 0.2860f) / 0.3530f},
                Normalize.fashionMnist().apply(gray, Rng.of(0)).toFloatArray(), 1e-5f);
        assertThrows(IllegalArgumentException.class,
                () -> Normalize.imagenet().apply(gray, Rng.of(0)));
        assertThrows(IllegalArgumentException.class,
                () -> new Normalize(new float[] {0f}, new float[] {0f}));
    }

    @Test
    void toFloatScalesBytesAndToRgbRepeatsGrey() {
        NDArray bytes = manager.create(java.nio.ByteBuffer.wrap(new byte[] {0, (byte) 255, (byte) 51}),
                new Shape(1, 1, 1, 3), DataType.UINT8);
        NDArray floats = ToFloat.create().apply(bytes, Rng.of(0));
        assertEquals(DataType.FLOAT32, floats.getDataType());
        assertArrayEquals(new float[] {0f, 1f, 0.2f}, floats.toFloatArray(), 1e-6f);
        NDArray rgb = ToRgb.create().apply(floats, Rng.of(0));
        assertEquals(new Shape(1, 3, 1, 3), rgb.getShape());
        assertArrayEquals(new float[] {0f, 1f, 0.2f, 0f, 1f, 0.2f, 0f, 1f, 0.2f},
                rgb.toFloatArray(), 1e-6f);
        assertSame(rgb, ToRgb.create().applyConsuming(rgb, Rng.of(0)), "3 channels: no copy");
    }

    @Test
    void rejectsBadProbabilities() {
        assertThrows(IllegalArgumentException.class, () -> new RandomHorizontalFlip(1.5));
        assertThrows(IllegalArgumentException.class, () -> new RandomGrayscale(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Solarize(Double.NaN, 0.5));
    }
}
