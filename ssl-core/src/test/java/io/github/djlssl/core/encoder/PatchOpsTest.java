package io.github.djlssl.core.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class PatchOpsTest {

    @Test
    void patchifyUsesMaeOrderingAndRoundTrips() {
        try (NDManager m = NDManager.newBaseManager()) {
            // value = c·16 + h·4 + w on a [1, 2, 4, 4] image
            NDArray image = m.arange(32f).reshape(1, 2, 4, 4);
            NDArray patches = PatchOps.patchify(image, 2);
            assertEquals(new Shape(1, 4, 8), patches.getShape());
            float[] p = patches.toFloatArray();
            // patch 1 = grid (row 0, col 1); element (pi 1, pj 0, c 1) sits at (1·2 + 0)·2 + 1 = 5
            assertEquals(1 * 16 + 1 * 4 + 2, p[8 + 5]);
            // patch 2 = grid (row 1, col 0); element (pi 0, pj 1, c 0) sits at (0·2 + 1)·2 + 0 = 2
            assertEquals(0 * 16 + 2 * 4 + 1, p[16 + 2]);
            assertTrue(PatchOps.unpatchify(patches, 2).contentEquals(image));

            NDArray rect = m.randomNormal(new Shape(3, 3, 8, 12));
            NDArray back = PatchOps.unpatchify(PatchOps.patchify(rect, 4), 4, 2, 3);
            assertTrue(back.contentEquals(rect));
            assertThrows(IllegalArgumentException.class, () -> PatchOps.patchify(rect, 5));
        }
    }
}
