package io.github.djlssl.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.mask.MultiBlockMaskConfig.Range;
import io.github.djlssl.core.random.Rng;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiBlockMaskGeneratorTest {

    private static final PatchGrid GRID = PatchGrid.square(14);

    @Test
    void geometryOverManySeeds() {
        MultiBlockMaskGenerator gen = MultiBlockMaskGenerator.ijepa(14);
        int batch = 8;
        int l = GRID.size();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int seed = 0; seed < 60; seed++) {
                try (MultiBlockMask m = gen.generate(manager, batch, Rng.of(seed))) {
                    MultiBlockLayout layout = m.layout();
                    assertEquals(0, layout.relaxations());
                    List<NDArray> targets = m.targetIndices();
                    assertEquals(4, targets.size());
                    PatchBlock first = layout.targets().get(0).get(0);
                    int h = first.height();
                    int w = first.width();
                    int kt = h * w;
                    // One size per batch, from scale [0.15, 0.2] and aspect [0.75, 1.5] up to
                    // rounding h and w by at most 1/2 each.
                    assertTrue(roundedFrom(h, w, 0.15 * l, 0.2 * l, 0.75, 1.5), h + "x" + w);
                    long[][] t = new long[4][];
                    for (int k = 0; k < 4; k++) {
                        NDArray ti = targets.get(k);
                        assertEquals(new Shape(batch, kt), ti.getShape());
                        assertEquals(DataType.INT64, ti.getDataType());
                        t[k] = ti.toLongArray();
                    }
                    NDArray ctx = m.contextIndices();
                    assertEquals(DataType.INT64, ctx.getDataType());
                    int kc = Math.toIntExact(ctx.getShape().get(1));
                    assertEquals(new Shape(batch, kc), ctx.getShape());
                    assertEquals(layout.contextKeep(), kc);
                    assertTrue(kc > 10, "context keeps more than minKeep");
                    long[] c = ctx.toLongArray();
                    PatchBlock ctxBlock0 = layout.contexts().get(0);
                    // Context block: scale [0.85, 1.0], aspect 1, up to rounding.
                    assertEquals(ctxBlock0.height(), ctxBlock0.width());
                    assertTrue(
                            roundedFrom(ctxBlock0.height(), ctxBlock0.width(),
                                    0.85 * l, l, 1, 1),
                            ctxBlock0.toString());
                    int minUntrimmed = Integer.MAX_VALUE;
                    for (int b = 0; b < batch; b++) {
                        boolean[] targetUnion = new boolean[l];
                        for (int k = 0; k < 4; k++) {
                            long[] row = Arrays.copyOfRange(t[k], b * kt, (b + 1) * kt);
                            PatchBlock block = layout.targets().get(b).get(k);
                            assertEquals(h, block.height());
                            assertEquals(w, block.width());
                            assertTrue(block.fitsIn(GRID));
                            assertRectangle(row, h, w);
                            assertArrayEquals(toLong(block.indices(GRID)), row);
                            for (long p : row) {
                                targetUnion[(int) p] = true;
                            }
                        }
                        PatchBlock ctxBlock = layout.contexts().get(b);
                        assertEquals(ctxBlock0.height(), ctxBlock.height(), "one context size");
                        int[] full = layout.contextIndices().get(b);
                        minUntrimmed = Math.min(minUntrimmed, full.length);
                        // Untrimmed context = block minus every target patch, exactly.
                        int expected = 0;
                        for (int p : ctxBlock.indices(GRID)) {
                            expected += targetUnion[p] ? 0 : 1;
                        }
                        assertEquals(expected, full.length);
                        long[] row = Arrays.copyOfRange(c, b * kc, (b + 1) * kc);
                        for (int k = 0; k < kc; k++) {
                            int p = (int) row[k];
                            assertTrue(p >= 0 && p < l);
                            assertTrue(k == 0 || row[k] > row[k - 1], "ascending, unique");
                            assertFalse(targetUnion[p], "context excludes targets");
                            assertTrue(ctxBlock.contains(p / 14, p % 14), "inside context");
                            assertEquals(full[k], p, "trimmed = first Kc of the context");
                        }
                    }
                    assertEquals(minUntrimmed, kc, "trimmed to the batch minimum");
                }
            }
        }
    }

    @Test
    void targetSizesCoverTheirRanges() {
        MultiBlockMaskGenerator gen = MultiBlockMaskGenerator.ijepa(14);
        Rng rng = Rng.of(3);
        int minArea = Integer.MAX_VALUE;
        int maxArea = 0;
        double minAspect = 9;
        double maxAspect = 0;
        for (int i = 0; i < 400; i++) {
            PatchBlock b = gen.sampleLayout(1, rng).targets().get(0).get(0);
            minArea = Math.min(minArea, b.area());
            maxArea = Math.max(maxArea, b.area());
            minAspect = Math.min(minAspect, b.aspectRatio());
            maxAspect = Math.max(maxAspect, b.aspectRatio());
        }
        // A = floor(196 s) runs 29..39; rounding h and w moves the area by up to ~6 patches
        // (e.g. A = 29, r = 1.45 gives 6 x 4 = 24).
        assertTrue(minArea >= 22 && minArea <= 30, "min area " + minArea);
        assertTrue(maxArea >= 38 && maxArea <= 46, "max area " + maxArea);
        assertTrue(minAspect < 0.9 && maxAspect > 1.3, minAspect + " .. " + maxAspect);
    }

    @Test
    void sameSeedSameMasks() {
        MultiBlockMaskGenerator gen = MultiBlockMaskGenerator.ijepa(14);
        try (NDManager manager = NDManager.newBaseManager();
                MultiBlockMask a = gen.generate(manager, 4, Rng.of(7));
                MultiBlockMask b = gen.generate(manager, 4, Rng.of(7));
                MultiBlockMask c = gen.generate(manager, 4, Rng.of(8))) {
            assertArrayEquals(a.contextIndices().toLongArray(), b.contextIndices().toLongArray());
            for (int k = 0; k < 4; k++) {
                assertArrayEquals(
                        a.targetIndices().get(k).toLongArray(),
                        b.targetIndices().get(k).toLongArray());
            }
            assertFalse(
                    Arrays.equals(
                            a.targetIndices().get(0).toLongArray(),
                            c.targetIndices().get(0).toLongArray()));
        }
    }

    @Test
    void crowdedGridRelaxesExclusionsAndTerminates() {
        // 4 x 4 grid, four 3 x 3 targets, a 4 x 4 context and minKeep 10: at most 7 context
        // patches survive all exclusions, so I-JEPA's fallback must drop some.
        MultiBlockMaskConfig cfg =
                new MultiBlockMaskConfig(
                        PatchGrid.square(4), 4, new Range(0.5, 0.5), new Range(1, 1),
                        new Range(1, 1), 10, false);
        MultiBlockMaskGenerator gen = new MultiBlockMaskGenerator(cfg);
        MultiBlockLayout layout = gen.sampleLayout(3, Rng.of(1));
        assertTrue(layout.relaxations() > 0);
        assertTrue(layout.contextKeep() > 10);
        for (List<PatchBlock> targets : layout.targets()) {
            for (PatchBlock t : targets) {
                assertEquals(new PatchBlock(t.top(), t.left(), 3, 3), t);
            }
        }
    }

    @Test
    void allowOverlapUsesTheWholeContextBlock() {
        MultiBlockMaskConfig d = MultiBlockMaskConfig.defaults(GRID);
        MultiBlockMaskConfig cfg =
                new MultiBlockMaskConfig(
                        GRID, d.numTargets(), d.targetScale(), d.targetAspect(),
                        d.contextScale(), d.minKeep(), true);
        MultiBlockLayout layout = new MultiBlockMaskGenerator(cfg).sampleLayout(5, Rng.of(2));
        for (int b = 0; b < 5; b++) {
            assertEquals(layout.contexts().get(b).area(), layout.contextIndices().get(b).length);
        }
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Range(0.2, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Range(0, 0.1));
        MultiBlockMaskConfig d = MultiBlockMaskConfig.defaults(GRID);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> d.withMinKeep(196));
        assertTrue(e.getMessage().contains("minKeep"), e.getMessage());
    }

    /**
     * True if some area in [areaLo, areaHi] and aspect in [arLo, arHi] round to h x w: h and w are
     * within 1/2 of sqrt(A r) and sqrt(A / r), so h w lies within the rounding box of A and h / w
     * of r.
     */
    private static boolean roundedFrom(
            int h, int w, double areaLo, double areaHi, double arLo, double arHi) {
        double areaMin = (h - 0.5) * (w - 0.5);
        double areaMax = (h + 0.5) * (w + 0.5);
        double arMin = (h - 0.5) / (w + 0.5);
        double arMax = (h + 0.5) / (w - 0.5);
        // floor(L s) loses < 1 patch.
        return areaMax >= areaLo - 1 && areaMin <= areaHi && arMax >= arLo && arMin <= arHi;
    }

    private static void assertRectangle(long[] row, int h, int w) {
        int top = (int) row[0] / 14;
        int left = (int) row[0] % 14;
        int n = 0;
        for (int r = top; r < top + h; r++) {
            for (int c = left; c < left + w; c++) {
                assertEquals(r * 14 + c, row[n++], "target is a " + h + "x" + w + " rectangle");
            }
        }
    }

    private static long[] toLong(int[] a) {
        return Arrays.stream(a).asLongStream().toArray();
    }
}
