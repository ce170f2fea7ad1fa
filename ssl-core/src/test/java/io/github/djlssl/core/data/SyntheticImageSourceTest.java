package io.github.djlssl.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticImageSourceTest {

    @Test
    void deterministicPerSeedAndIndex() {
        SyntheticImageSource a = new SyntheticImageSource(50, 3, 16, 5, 7);
        SyntheticImageSource b = new SyntheticImageSource(50, 3, 16, 5, 7);
        SyntheticImageSource c = new SyntheticImageSource(50, 3, 16, 5, 8);
        byte[] x = new byte[a.imageBytes()];
        byte[] y = new byte[a.imageBytes()];
        a.readImage(13, x, 0);
        b.readImage(13, y, 0);
        assertArrayEquals(x, y);
        c.readImage(13, y, 0);
        assertFalse(Arrays.equals(x, y), "a different seed gives different pixels");
        a.readImage(18, y, 0);
        assertFalse(Arrays.equals(x, y), "two images of the same class differ");
        assertEquals(3, a.label(13));
        assertEquals(3, a.label(18));
        assertEquals(5, a.numClasses());
        assertEquals("synthetic (50 images, 3x16x16, 5 classes, seed 7)", a.description());
    }

    @Test
    void pixelsSpanTheRangeWithBalancedLabels() {
        SyntheticImageSource s = new SyntheticImageSource(100, 1, 32, 4, 0);
        int[] counts = new int[4];
        long sum = 0;
        int min = 255;
        int max = 0;
        byte[] x = new byte[s.imageBytes()];
        for (int i = 0; i < 100; i++) {
            counts[s.label(i)]++;
            s.readImage(i, x, 0);
            for (byte v : x) {
                int u = v & 0xFF;
                sum += u;
                min = Math.min(min, u);
                max = Math.max(max, u);
            }
        }
        assertArrayEquals(new int[] {25, 25, 25, 25}, counts);
        assertEquals(127.5, (double) sum / (100 * 1024), 8.0);
        assertTrue(min < 40 && max > 215, "contrast: " + min + ".." + max);
    }

    @Test
    void grayscaleClassesAreSeparableByOrientation() {
        // Orientation from the structure tensor is invariant to phase, contrast and brightness.
        SyntheticImageSource s = new SyntheticImageSource(200, 1, 32, 4, 3);
        byte[] x = new byte[s.imageBytes()];
        int correct = 0;
        for (int i = 0; i < s.size(); i++) {
            s.readImage(i, x, 0);
            double gxx = 0;
            double gyy = 0;
            double gxy = 0;
            for (int r = 1; r < 31; r++) {
                for (int c = 1; c < 31; c++) {
                    double gx = (x[r * 32 + c + 1] & 0xFF) - (x[r * 32 + c - 1] & 0xFF);
                    double gy = (x[(r + 1) * 32 + c] & 0xFF) - (x[(r - 1) * 32 + c] & 0xFF);
                    gxx += gx * gx;
                    gyy += gy * gy;
                    gxy += gx * gy;
                }
            }
            double gradientAngle = 0.5 * Math.atan2(2 * gxy, gxx - gyy); // the grating's wave direction
            double angle = (gradientAngle + Math.PI) % Math.PI;
            int predicted = (int) Math.round(angle / (Math.PI / 4)) % 4;
            correct += predicted == s.label(i) ? 1 : 0;
        }
        assertTrue(correct >= 190, "orientation classifier: " + correct + "/200");
    }

    @Test
    void rgbClassesAreSeparableByColour() {
        // Nearest class-mean chroma (channel means minus their average) on held-out images.
        int k = 10;
        SyntheticImageSource train = new SyntheticImageSource(300, 3, 16, k, 1);
        SyntheticImageSource test = new SyntheticImageSource(200, 3, 16, k, 2);
        double[][] centroid = new double[k][3];
        for (int i = 0; i < train.size(); i++) {
            double[] f = chroma(train, i);
            for (int c = 0; c < 3; c++) {
                centroid[train.label(i)][c] += f[c] / 30;
            }
        }
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            double[] f = chroma(test, i);
            int best = -1;
            double bestDist = Double.MAX_VALUE;
            for (int j = 0; j < k; j++) {
                double d = 0;
                for (int c = 0; c < 3; c++) {
                    d += (f[c] - centroid[j][c]) * (f[c] - centroid[j][c]);
                }
                if (d < bestDist) {
                    bestDist = d;
                    best = j;
                }
            }
            correct += best == test.label(i) ? 1 : 0;
        }
        assertTrue(correct >= 170, "colour classifier: " + correct + "/200");
    }

    private static double[] chroma(ImageSource s, int index) {
        byte[] x = new byte[s.imageBytes()];
        s.readImage(index, x, 0);
        int plane = s.height() * s.width();
        double[] mean = new double[3];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane; p++) {
                mean[c] += (x[c * plane + p] & 0xFF) / (double) plane;
            }
        }
        double avg = (mean[0] + mean[1] + mean[2]) / 3;
        return new double[] {mean[0] - avg, mean[1] - avg, mean[2] - avg};
    }

    @Test
    void validatesArguments() {
        assertThrows(IllegalArgumentException.class, () -> new SyntheticImageSource(0, 3, 16, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticImageSource(4, 2, 16, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticImageSource(4, 3, 2, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticImageSource(4, 3, 16, 0, 0));
    }
}
