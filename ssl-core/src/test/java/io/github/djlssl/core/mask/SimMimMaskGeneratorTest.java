package io.github.djlssl.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.random.Rng;
import org.junit.jupiter.api.Test;

class SimMimMaskGeneratorTest {

    @Test
    void paperDefaultsForVit() {
        SimMimMaskConfig cfg = SimMimMaskConfig.defaults(16);
        assertEquals(PatchGrid.square(6), cfg.coarseGrid());
        assertEquals(PatchGrid.square(12), cfg.modelGrid());
        assertEquals(2, cfg.scale());
        assertEquals(22, cfg.maskedCoarseCount()); // ceil(0.6 * 36), as SimMIM's code
        assertEquals(88, cfg.maskedCount());
        assertEquals(PatchGrid.square(48), SimMimMaskConfig.defaults(4).modelGrid());
    }

    @Test
    void exactCoarseCountsAndConstantCellsOverManySeeds() {
        checkMany(SimMimMaskConfig.defaults(16), 30, 4);
        // A small non-trivial case: 32 px, mask patch 8, model patch 2 → 4 x 4 coarse, 16 x 16.
        checkMany(new SimMimMaskConfig(32, 8, 2, 0.6), 30, 3);
    }

    private static void checkMany(SimMimMaskConfig cfg, int seeds, int batch) {
        SimMimMaskGenerator gen = new SimMimMaskGenerator(cfg);
        PatchGrid fine = cfg.modelGrid();
        PatchGrid coarse = cfg.coarseGrid();
        int s = cfg.scale();
        int[] coarseHits = new int[coarse.size()];
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int seed = 0; seed < seeds; seed++) {
                try (PatchMask pm = gen.generate(manager, batch, Rng.of(seed))) {
                    assertEquals(fine, pm.grid());
                    boolean[] mask = PatchMaskInvariants.check(pm, batch, cfg.maskedCount());
                    for (int b = 0; b < batch; b++) {
                        int maskedCells = 0;
                        for (int cr = 0; cr < coarse.height(); cr++) {
                            for (int cc = 0; cc < coarse.width(); cc++) {
                                boolean cell = mask[b * fine.size() + fine.index(cr * s, cc * s)];
                                for (int r = cr * s; r < cr * s + s; r++) {
                                    for (int c = cc * s; c < cc * s + s; c++) {
                                        assertEquals(
                                                cell,
                                                mask[b * fine.size() + fine.index(r, c)],
                                                "constant on coarse cell");
                                    }
                                }
                                maskedCells += cell ? 1 : 0;
                                coarseHits[coarse.index(cr, cc)] += cell ? 1 : 0;
                            }
                        }
                        assertEquals(cfg.maskedCoarseCount(), maskedCells);
                    }
                }
            }
        }
        double expected = cfg.maskedCoarseCount() / (double) coarse.size();
        for (int h : coarseHits) {
            double freq = h / (double) (seeds * batch);
            assertTrue(Math.abs(freq - expected) < 0.25, "cell mask frequency " + freq);
        }
    }

    @Test
    void sameSeedSameMask() {
        SimMimMaskGenerator gen = new SimMimMaskGenerator(SimMimMaskConfig.defaults(16));
        try (NDManager manager = NDManager.newBaseManager();
                PatchMask a = gen.generate(manager, 3, Rng.of(2));
                PatchMask b = gen.generate(manager, 3, Rng.of(2))) {
            assertArrayEquals(a.mask().toBooleanArray(), b.mask().toBooleanArray());
        }
    }

    @Test
    void rejectsBadSettings() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new SimMimMaskConfig(192, 30, 16, 0.6));
        assertTrue(e.getMessage().contains("maskPatchSize"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SimMimMaskConfig(200, 32, 16, 0.6));
        assertThrows(IllegalArgumentException.class, () -> new SimMimMaskConfig(192, 32, 16, 0));
    }
}
