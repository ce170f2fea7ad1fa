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

class ResizedCropTest {

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
    void boxesFollowTorchvisionSampling() {
        RandomResizedCrop crop = RandomResizedCrop.of(32, 0.2, 0.6);
        Rng rng = Rng.of(3);
        int n = 20_000;
        double sumFraction = 0;
        for (int i = 0; i < n; i++) {
            int[] box = crop.sampleBox(rng, 64, 64);
            assertTrue(box[0] >= 0 && box[0] + box[2] <= 64, "top/height inside");
            assertTrue(box[1] >= 0 && box[1] + box[3] <= 64, "left/width inside");
            double fraction = box[2] * box[3] / (64.0 * 64.0);
            // Rounding width and height moves the area by at most about (w + h) / 2 pixels.
            double slack = (box[2] + box[3]) / (2.0 * 64 * 64) + 1e-9;
            assertTrue(fraction >= 0.2 - slack && fraction <= 0.6 + slack, "area " + fraction);
            double ratio = (double) box[3] / box[2];
            assertTrue(ratio > 0.75 * 0.9 && ratio < 4.0 / 3.0 / 0.9, "ratio " + ratio);
            sumFraction += fraction;
        }
        assertEquals(0.4, sumFraction / n, 0.01, "mean area fraction = middle of the range");
    }

    @Test
    void fallsBackToCentreCropWhenNothingFits() {
        // Scale 1 with ratio far from the image's: every attempt fails.
        RandomResizedCrop crop = new RandomResizedCrop(8, 1.0, 1.0, 2.0, 3.0, 0.0);
        int[] box = crop.sampleBox(Rng.of(1), 20, 10);
        assertArrayEquals(new int[] {7, 0, 5, 10}, box,
                "in_ratio 0.5 < 2: width kept, height = round(10 / 2) = 5, centred");
    }

    @Test
    void outputEncodesTheSampledBoxExactly() {
        // Coordinate-encoding input: channel 0 holds x + 0.5, channel 1 holds y + 0.5. Bilinear
        // upsampling of a linear ramp is exact, and clamps at the box edges.
        int b = 64;
        int side = 32;
        NDArray images = coordinateImages(b, side);
        RandomResizedCrop crop = RandomResizedCrop.of(side);
        NDArray out = crop.apply(images, Rng.of(11));
        assertEquals(new Shape(b, 2, side, side), out.getShape());
        float[] values = out.toFloatArray();
        Rng replay = Rng.of(11);
        double sumFraction = 0;
        for (int i = 0; i < b; i++) {
            int[] box = crop.sampleBox(replay, side, side);
            float[] xs = range(values, i, 0, side);
            float[] ys = range(values, i, 1, side);
            assertEquals(box[1] + 0.5f, xs[0], 1e-3, "left edge of sample " + i);
            assertEquals(box[1] + box[3] - 0.5f, xs[1], 1e-3, "right edge of sample " + i);
            assertEquals(box[0] + 0.5f, ys[0], 1e-3, "top edge of sample " + i);
            assertEquals(box[0] + box[2] - 0.5f, ys[1], 1e-3, "bottom edge of sample " + i);
            double width = xs[1] - xs[0] + 1;
            double height = ys[1] - ys[0] + 1;
            sumFraction += width * height / (side * side);
        }
        double meanFraction = sumFraction / b;
        assertTrue(meanFraction > 0.3 && meanFraction < 0.75, "mean area " + meanFraction);
    }

    @Test
    void fullBoxAtSameSizeIsIdentityAndDownscaleIsAntialiased() {
        NDArray images = manager.randomUniform(0f, 1f, new Shape(2, 3, 8, 8));
        float[] box = {0, 0, 0, 0, 8, 8, 8, 8};
        try (NDManager scope = manager.newSubManager()) {
            NDArray same = SeparableResampler.resample(scope, images, box, null, 8);
            assertArrayEquals(images.toFloatArray(), same.toFloatArray(), 1e-5f);
            // A 1-pixel checkerboard halved: antialiasing averages to 0.5; point sampling would
            // give 0 or 1.
            float[] board = new float[64];
            for (int i = 0; i < 64; i++) {
                board[i] = ((i / 8) + (i % 8)) % 2;
            }
            NDArray checker = scope.create(board, new Shape(1, 1, 8, 8));
            NDArray half =
                    SeparableResampler.resample(scope, checker, new float[] {0, 0, 8, 8}, null, 4);
            for (float v : half.toFloatArray()) {
                assertEquals(0.5f, v, 0.13f);
            }
        }
    }

    @Test
    void upsamplingMatchesBilinearAlignCornersFalse() {
        // 2 -> 4 of [[0, 1], [2, 3]]: torch interpolate(bilinear, align_corners=False) gives
        // rows/cols [0, 0.25, 0.75, 1] of the 2x2 grid.
        NDArray images = manager.create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 2, 2));
        try (NDManager scope = manager.newSubManager()) {
            float[] up = SeparableResampler.resample(scope, images, new float[] {0, 0, 2, 2}, null, 4)
                    .toFloatArray();
            float[] t = {0f, 0.25f, 0.75f, 1f};
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(2 * t[y] + t[x], up[y * 4 + x], 1e-6f, "pixel " + y + "," + x);
                }
            }
        }
    }

    @Test
    void downsamplingMatchesThePilTriangleFilter() {
        // Box columns 1..8 of a 10-wide ramp (values j^2) shrunk to 3: PIL's antialiased
        // bilinear puts a triangle of half-width 8/3 at each output centre, inside the box.
        float[] row = new float[10];
        for (int j = 0; j < 10; j++) {
            row[j] = j * j;
        }
        NDArray images = manager.create(row, new Shape(1, 1, 1, 10));
        try (NDManager scope = manager.newSubManager()) {
            float[] out = SeparableResampler
                    .resample(scope, images, new float[] {0, 1, 1, 8}, null, 3).toFloatArray();
            double scale = 8.0 / 3;
            for (int i = 0; i < 3; i++) {
                double centre = 1 + (i + 0.5) * scale;
                double sum = 0;
                double acc = 0;
                for (int j = 1; j < 9; j++) {
                    double w = Math.max(0, 1 - Math.abs(j + 0.5 - centre) / scale);
                    sum += w;
                    acc += w * row[j];
                }
                for (int y = 0; y < 3; y++) {
                    assertEquals(acc / sum, out[y * 3 + i], 1e-4, "output column " + i);
                }
            }
        }
    }

    @Test
    void nonSquareImagesAndDownscalingCropsGiveTheRightShape() {
        NDArray images = manager.randomUniform(0f, 1f, new Shape(6, 3, 20, 24));
        NDArray out = RandomResizedCrop.of(10, 0.5, 1.0).apply(images, Rng.of(13));
        assertEquals(new Shape(6, 3, 10, 10), out.getShape());
        for (float v : out.toFloatArray()) {
            assertTrue(v >= 0f && v <= 1f, "convex weights keep [0, 1]: " + v);
        }
    }

    @Test
    void fusedFlipMirrorsAboutHalfTheCropsExactly() {
        int b = 400;
        int side = 8;
        NDArray images = coordinateImages(b, side);
        RandomResizedCrop plain = RandomResizedCrop.of(side);
        float[] crops = plain.apply(images, Rng.of(17)).toFloatArray();
        float[] fused = plain.withHorizontalFlip(0.5).apply(images, Rng.of(17)).toFloatArray();
        int mirrored = 0;
        for (int i = 0; i < b; i++) {
            boolean same = true;
            boolean flipped = true;
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        int base = ((i * 2 + c) * side + y) * side;
                        same &= Math.abs(fused[base + x] - crops[base + x]) < 1e-4;
                        flipped &= Math.abs(fused[base + x] - crops[base + side - 1 - x]) < 1e-4;
                    }
                }
            }
            assertTrue(same || flipped, "sample " + i + " is its crop or the crop's mirror");
            mirrored += flipped && !same ? 1 : 0;
        }
        assertEquals(0.5, mirrored / (double) b, 4 * Math.sqrt(0.25 / b));
    }

    @Test
    void rejectsBadConfigurationAndInput() {
        assertThrows(IllegalArgumentException.class, () -> RandomResizedCrop.of(0));
        assertThrows(IllegalArgumentException.class, () -> RandomResizedCrop.of(8, 0.5, 0.2));
        assertThrows(IllegalArgumentException.class,
                () -> new RandomResizedCrop(8, 0.1, 1, 2, 1, 0));
        NDArray bytes = manager.zeros(new Shape(1, 1, 4, 4), ai.djl.ndarray.types.DataType.UINT8);
        assertThrows(IllegalArgumentException.class,
                () -> RandomResizedCrop.of(4).apply(bytes, Rng.of(0)));
    }

    private NDArray coordinateImages(int b, int side) {
        float[] data = new float[b * 2 * side * side];
        for (int i = 0; i < b; i++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int base = ((i * 2) * side + y) * side + x;
                    data[base] = x + 0.5f;
                    data[base + side * side] = y + 0.5f;
                }
            }
        }
        return manager.create(data, new Shape(b, 2, side, side));
    }

    /** Returns {min, max} of one channel of one sample. */
    private static float[] range(float[] values, int sample, int channel, int side) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        int base = (sample * 2 + channel) * side * side;
        for (int j = 0; j < side * side; j++) {
            min = Math.min(min, values[base + j]);
            max = Math.max(max, values[base + j]);
        }
        return new float[] {min, max};
    }
}
