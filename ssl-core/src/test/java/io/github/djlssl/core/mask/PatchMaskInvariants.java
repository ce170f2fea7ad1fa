package io.github.djlssl.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Checks every documented property of a {@link PatchMask} with equal counts, on the host. */
final class PatchMaskInvariants {

    private PatchMaskInvariants() {}

    /**
     * Asserts shapes, dtypes, exact counts, ranges, ascending unique indices, keep/masked
     * disjoint and covering, mask and float mask consistent with the indices, and restore being
     * the inverse of concat(keep, masked).
     *
     * @return the mask as host flags, row-major {@code [B * L]}
     */
    static boolean[] check(PatchMask pm, int batch, int maskedCount) {
        int size = pm.grid().size();
        int keep = size - maskedCount;
        assertTrue(pm.hasIndices());
        assertEquals(batch, pm.batchSize());
        assertEquals(maskedCount, pm.maskedCount());
        assertEquals(keep, pm.keepCount());
        assertEquals(new Shape(batch, size), pm.mask().getShape());
        assertEquals(DataType.BOOLEAN, pm.mask().getDataType());
        assertEquals(new Shape(batch, size), pm.floatMask().getShape());
        assertEquals(DataType.FLOAT32, pm.floatMask().getDataType());
        assertEquals(new Shape(batch, keep), pm.keepIndices().getShape());
        assertEquals(new Shape(batch, maskedCount), pm.maskedIndices().getShape());
        assertEquals(new Shape(batch, size), pm.restoreIndices().getShape());
        assertEquals(DataType.INT64, pm.keepIndices().getDataType());
        assertEquals(DataType.INT64, pm.maskedIndices().getDataType());
        assertEquals(DataType.INT64, pm.restoreIndices().getDataType());

        boolean[] mask = pm.mask().toBooleanArray();
        float[] floats = pm.floatMask().toFloatArray();
        long[] kept = pm.keepIndices().toLongArray();
        long[] masked = pm.maskedIndices().toLongArray();
        long[] restore = pm.restoreIndices().toLongArray();
        for (int b = 0; b < batch; b++) {
            int count = 0;
            for (int i = 0; i < size; i++) {
                boolean m = mask[b * size + i];
                assertEquals(m ? 1f : 0f, floats[b * size + i]);
                count += m ? 1 : 0;
            }
            assertEquals(maskedCount, count, "masked count of sample " + b);
            long[] shuffle = new long[size];
            boolean[] seen = new boolean[size];
            for (int k = 0; k < keep; k++) {
                long p = kept[b * keep + k];
                assertTrue(p >= 0 && p < size, "keep index in range");
                assertTrue(k == 0 || p > kept[b * keep + k - 1], "keep ascending and unique");
                assertTrue(!mask[(int) (b * size + p)], "kept patch is visible");
                seen[(int) p] = true;
                shuffle[k] = p;
            }
            for (int k = 0; k < maskedCount; k++) {
                long p = masked[b * maskedCount + k];
                assertTrue(p >= 0 && p < size, "masked index in range");
                assertTrue(
                        k == 0 || p > masked[b * maskedCount + k - 1],
                        "masked ascending and unique");
                assertTrue(mask[(int) (b * size + p)], "masked patch is masked");
                assertTrue(!seen[(int) p], "keep and masked disjoint");
                seen[(int) p] = true;
                shuffle[keep + k] = p;
            }
            for (boolean s : seen) {
                assertTrue(s, "keep and masked cover the grid");
            }
            long[] restored = new long[size];
            for (int i = 0; i < size; i++) {
                restored[i] = shuffle[(int) restore[b * size + i]];
            }
            long[] identity = new long[size];
            for (int i = 0; i < size; i++) {
                identity[i] = i;
            }
            assertArrayEquals(identity, restored, "restore inverts concat(keep, masked)");
        }
        return mask;
    }
}
