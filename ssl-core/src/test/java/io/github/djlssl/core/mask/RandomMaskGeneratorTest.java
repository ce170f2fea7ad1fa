package io.github.djlssl.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomMaskGeneratorTest {

    @Test
    void exactCountsAndConsistentIndicesOverManySeeds() {
        RandomMaskGenerator gen = RandomMaskGenerator.mae(14);
        assertEquals(147, gen.maskedCount()); // 196 - int(196 * 0.25), as MAE
        int batch = 8;
        int seeds = 40;
        int[] hits = new int[196];
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int seed = 0; seed < seeds; seed++) {
                try (PatchMask pm = gen.generate(manager, batch, Rng.of(seed))) {
                    boolean[] mask = PatchMaskInvariants.check(pm, batch, 147);
                    for (int i = 0; i < mask.length; i++) {
                        hits[i % 196] += mask[i] ? 1 : 0;
                    }
                }
            }
        }
        // Each patch is masked with probability 0.75: over 320 draws, sd 0.024.
        for (int h : hits) {
            double freq = h / (double) (seeds * batch);
            assertTrue(Math.abs(freq - 0.75) < 0.11, "patch mask frequency " + freq);
        }
    }

    @Test
    void countFollowsMaeRoundingOnOtherGridsAndRatios() {
        assertEquals(37, new RandomMaskConfig(PatchGrid.square(7), 0.75).maskedCount());
        assertEquals(10, new RandomMaskConfig(PatchGrid.square(4), 0.6).maskedCount());
        assertEquals(22, new RandomMaskConfig(PatchGrid.square(6), 0.6).maskedCount());
        RandomMaskGenerator gen =
                new RandomMaskGenerator(new RandomMaskConfig(new PatchGrid(3, 5), 0.5));
        try (NDManager manager = NDManager.newBaseManager();
                PatchMask pm = gen.generate(manager, 3, Rng.of(9))) {
            PatchMaskInvariants.check(pm, 3, 8);
        }
    }

    @Test
    void sameSeedSameMaskAndDifferentSeedsDiffer() {
        RandomMaskGenerator gen = RandomMaskGenerator.mae(8);
        try (NDManager manager = NDManager.newBaseManager()) {
            boolean[] a;
            boolean[] b;
            boolean[] c;
            try (PatchMask pm = gen.generate(manager, 4, Rng.of(5))) {
                a = pm.mask().toBooleanArray();
            }
            try (PatchMask pm = gen.generate(manager, 4, Rng.of(5))) {
                b = pm.mask().toBooleanArray();
            }
            try (PatchMask pm = gen.generate(manager, 4, Rng.of(6))) {
                c = pm.mask().toBooleanArray();
            }
            assertArrayEquals(a, b);
            assertFalse(Arrays.equals(a, c));
            // Rows of one batch are independent draws.
            assertFalse(
                    Arrays.equals(Arrays.copyOfRange(a, 0, 64), Arrays.copyOfRange(a, 64, 128)));
        }
    }

    @Test
    void leavesNoArraysBehind() {
        RandomMaskGenerator gen = RandomMaskGenerator.mae(6);
        try (NDManager manager = NDManager.newBaseManager()) {
            gen.generate(manager, 2, Rng.of(1)).close();
            int before = manager.getManagedArrays().size();
            Rng rng = Rng.of(2);
            for (int i = 0; i < 5; i++) {
                try (PatchMask pm = gen.generate(manager, 2, rng)) {
                    assertEquals(before + 5, manager.getManagedArrays().size());
                }
            }
            assertEquals(before, manager.getManagedArrays().size());
        }
    }

    @Test
    void rejectsBadSettings() {
        PatchGrid grid = PatchGrid.square(4);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new RandomMaskConfig(grid, 1.0));
        assertTrue(e.getMessage().contains("maskRatio"));
        assertThrows(IllegalArgumentException.class, () -> new PatchGrid(0, 3));
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> RandomMaskGenerator.mae(4).generate(manager, 0, Rng.of(1)));
        }
    }
}
