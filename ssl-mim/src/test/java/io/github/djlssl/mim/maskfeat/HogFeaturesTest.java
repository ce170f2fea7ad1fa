package io.github.djlssl.mim.maskfeat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class HogFeaturesTest {

    /** 8 × 8 image, dark left half, bright right half: a vertical edge between columns 3 and 4. */
    private static float[] verticalEdge(boolean darkToBright) {
        float[] img = new float[64];
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                boolean right = c >= 4;
                img[r * 8 + c] = right == darkToBright ? 1f : 0f;
            }
        }
        return img;
    }

    @Test
    void verticalEdgeLandsInTheHorizontalGradientBinWithUnitNorm() {
        // Across a vertical edge gy = 0 and gx = ∓4, so atan2(gx, gy) = ∓π/2 → bin
        // floor(∓4.5) mod 9 = 4 for either contrast (unsigned orientation). Cells 4 × 4, no window:
        // both cells touching the edge (columns 0–3 and 4–7) hold all their mass in bin 4, and
        // per-cell L2 normalisation makes that bin exactly 1.
        try (NDManager m = NDManager.newBaseManager();
                HogFeatures hog = new HogFeatures(9, 4, 4, 8, false, m)) {
            for (boolean darkToBright : new boolean[] {true, false}) {
                NDArray img = m.create(verticalEdge(darkToBright), new Shape(1, 1, 8, 8));
                float[] h = hog.cellHistograms(img).toFloatArray(); // [1, 1, 9, 2, 2]
                for (int bin = 0; bin < 9; bin++) {
                    for (int cell = 0; cell < 4; cell++) {
                        assertEquals(bin == 4 ? 1f : 0f, h[bin * 4 + cell], 1e-6f,
                                "bin " + bin + " cell " + cell);
                    }
                }
            }
        }
    }

    @Test
    void horizontalEdgeLandsInBinZeroAndFlatCellsAreZero() {
        float[] img = new float[64];
        for (int i = 32; i < 64; i++) {
            img[i] = 1f;
        }
        // 12 × 8 would be non-square; instead check cells of 2 px: rows 0–1 are flat (all zero).
        try (NDManager m = NDManager.newBaseManager();
                HogFeatures hog = new HogFeatures(9, 2, 4, 8, false, m)) {
            float[] h = hog.cellHistograms(m.create(img, new Shape(1, 1, 8, 8))).toFloatArray();
            int cells = 16; // 4 × 4 cells of 2 px
            for (int bin = 0; bin < 9; bin++) {
                for (int cell = 0; cell < cells; cell++) {
                    int row = cell / 4;
                    boolean edge = row == 1 || row == 2; // pixel rows 2–5 see the edge at 3|4
                    float want = edge && bin == 0 ? 1f : 0f;
                    if (row == 1 || row == 2) {
                        // rows 2 and 5 are flat; the cell still holds only edge gradients
                        assertEquals(want, h[bin * cells + cell], 1e-6f, "bin " + bin + " cell " + cell);
                    } else {
                        assertEquals(0f, h[bin * cells + cell], 1e-6f, "flat cell " + cell);
                    }
                }
            }
        }
    }

    @Test
    void matchesAPortOfHogLayerCOnRandomImages() {
        int b = 2;
        int c = 2;
        int size = 8;
        int patch = 4;
        int cell = 2;
        int bins = 9;
        float[] pixels = Rng.of(17).uniformArray(b * c * size * size, -1, 1);
        try (NDManager m = NDManager.newBaseManager();
                HogFeatures hog = new HogFeatures(bins, cell, patch, size, true, m)) {
            float[] got = hog.cellHistograms(m.create(pixels, new Shape(b, c, size, size)))
                    .toFloatArray();
            double[] want = reference(pixels, b, c, size, patch, cell, bins);
            assertEquals(want.length, got.length);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-4, "element " + i);
            }
        }
    }

    @Test
    void patchTargetsConcatenateCellsInChannelBinRowColumnOrder() {
        int size = 8;
        float[] pixels = Rng.of(3).uniformArray(3 * size * size, 0, 1);
        try (NDManager m = NDManager.newBaseManager();
                HogFeatures hog = new HogFeatures(9, 2, 4, size, false, m)) {
            NDArray img = m.create(pixels, new Shape(1, 3, size, size));
            float[] cells = hog.cellHistograms(img).toFloatArray(); // [1, 3, 9, 4, 4]
            NDArray targets = hog.patchTargets(img);
            assertEquals(new Shape(1, 4, 3 * 9 * 4), targets.getShape());
            assertEquals(108, hog.featureDim(3));
            float[] t = targets.toFloatArray();
            // patch (1, 0), channel 2, bin 5, cell (1, 0) inside the patch → cell (3, 0) of image
            int patchIndex = 2;
            int within = ((2 * 9 + 5) * 2 + 1) * 2;
            assertEquals(cells[((2 * 9 + 5) * 4 + 3) * 4], t[patchIndex * 108 + within], 0f);
        }
    }

    @Test
    void leavesNoIntermediateArraysBehind() {
        try (NDManager m = NDManager.newBaseManager();
                HogFeatures hog = new HogFeatures(9, 4, 4, 8, true, m);
                NDManager step = m.newSubManager()) {
            NDArray img = step.create(verticalEdge(true), new Shape(1, 1, 8, 8));
            hog.patchTargets(img).close();
            int model = m.getManagedArrays().size();
            int inStep = step.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                hog.patchTargets(img).close();
            }
            assertEquals(model, m.getManagedArrays().size());
            assertEquals(inStep, step.getManagedArrays().size());
        }
    }

    @Test
    void defaultCellIsTheLargestDivisorUpToEight() {
        assertEquals(8, HogFeatures.defaultCellSize(16));
        assertEquals(7, HogFeatures.defaultCellSize(14));
        assertEquals(4, HogFeatures.defaultCellSize(4));
        assertEquals(8, HogFeatures.defaultCellSize(32));
        assertThrows(IllegalArgumentException.class, () -> {
            try (NDManager m = NDManager.newBaseManager()) {
                new HogFeatures(9, 3, 4, 8, false, m);
            }
        });
    }

    @Test
    void gaussianWindowIsPyslowfastsKernelTiled() {
        float[] w = HogFeatures.tiledWindow(4, 8);
        // get_gkern(4, 2): n = [-1.5, -0.5, 0.5, 1.5] / 2, w = exp(-n²/2), outer, sum to 1
        double[] g = new double[4];
        double s = 0;
        for (int i = 0; i < 4; i++) {
            double n = (i - 1.5) / 2;
            g[i] = Math.exp(-0.5 * n * n);
            s += g[i];
        }
        assertEquals(g[0] * g[1] / (s * s), w[1], 1e-7);
        assertEquals(w[0], w[4 * 8 + 4], 0f); // tiled per patch
        assertArrayEquals(new float[] {w[0], w[1]}, new float[] {w[3 * 8 + 3], w[3 * 8 + 2]});
    }

    /** pyslowfast HOGLayerC.forward in doubles: reflect pad, Sobel, atan2, hard bins, window. */
    private static double[] reference(float[] x, int b, int c, int n, int patch, int cell, int bins) {
        double[] window = new double[n * n];
        float[] tw = HogFeatures.tiledWindow(patch, n);
        for (int i = 0; i < window.length; i++) {
            window[i] = tw[i];
        }
        int[][] wx = {{1, 0, -1}, {2, 0, -2}, {1, 0, -1}};
        int cells = n / cell;
        double[] out = new double[b * c * bins * cells * cells];
        for (int img = 0; img < b * c; img++) {
            double[][][] hist = new double[cells][cells][bins];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double gx = 0;
                    double gy = 0;
                    for (int di = 0; di < 3; di++) {
                        for (int dj = 0; dj < 3; dj++) {
                            double v = x[img * n * n + reflect(i + di - 1, n) * n + reflect(j + dj - 1, n)];
                            gx += wx[di][dj] * v;
                            gy += wx[dj][di] * v;
                        }
                    }
                    double mag = Math.sqrt(gx * gx + gy * gy) * window[i * n + j];
                    int bin = Math.floorMod((int) Math.floor(Math.atan2(gx, gy) / Math.PI * bins), bins);
                    hist[i / cell][j / cell][bin] += mag;
                }
            }
            for (int ci = 0; ci < cells; ci++) {
                for (int cj = 0; cj < cells; cj++) {
                    double norm = 0;
                    for (double v : hist[ci][cj]) {
                        norm += v * v;
                    }
                    norm = Math.max(Math.sqrt(norm), 1e-12);
                    for (int k = 0; k < bins; k++) {
                        out[((img * bins + k) * cells + ci) * cells + cj] = hist[ci][cj][k] / norm;
                    }
                }
            }
        }
        return out;
    }

    private static int reflect(int i, int n) {
        return i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;
    }
}
