package io.github.djlssl.mim.common;

import io.github.djlssl.core.mask.BlockMaskConfig;
import io.github.djlssl.core.mask.BlockMaskGenerator;
import io.github.djlssl.core.mask.PatchGrid;

/**
 * BEiT's block-wise masking (§2.2, Algorithm 1) sized for any patch grid, shared by BEiT and
 * MaskFeat (which uses BEiT's masking at 40%).
 *
 * <p>BEiT's smallest block is 16 patches on its 14 × 14 grid, 8% of the image. On small grids that
 * floor is too large (a 4 × 4 grid masks only 7 patches at 40%), so by default it scales with the
 * grid's area: {@code round(16 · L / 196)}, clamped to [1, masked count] — 16 at 14 × 14, 5 at 8
 * × 8 (32 px / patch 4), 4 at 7 × 7 (28 px / patch 4), 1 at 4 × 4.
 */
public final class BlockMasking {

    private BlockMasking() {}

    /**
     * Returns the smallest block for a grid: the configured value, or BEiT's 16 scaled by area.
     *
     * @param grid the patch grid
     * @param maskRatio the fraction masked
     * @param configured a positive block size to use as is, or 0 for the scaled default
     * @return the smallest block area in patches
     */
    public static int minBlockPatches(PatchGrid grid, double maskRatio, int configured) {
        if (configured > 0) {
            return configured;
        }
        int masked = grid.maskedCount(maskRatio);
        long scaled =
                Math.round(BlockMaskConfig.BEIT_MIN_BLOCK_PATCHES * grid.size() / 196.0);
        return (int) Math.max(1, Math.min(masked, scaled));
    }

    /**
     * Creates the generator: BEiT's aspect range and attempts, exact counts.
     *
     * @param gridSize patches per side
     * @param maskRatio the fraction masked (BEiT, MaskFeat: 0.4)
     * @param minBlockPatches smallest block, or 0 for {@link #minBlockPatches}'s scaled default
     * @return the generator
     */
    public static BlockMaskGenerator generator(int gridSize, double maskRatio, int minBlockPatches) {
        PatchGrid grid = PatchGrid.square(gridSize);
        // Built directly: BlockMaskConfig.defaults(grid) rejects BEiT's 16 on grids this small.
        return new BlockMaskGenerator(
                new BlockMaskConfig(
                        grid,
                        maskRatio,
                        minBlockPatches(grid, maskRatio, minBlockPatches),
                        0,
                        BlockMaskConfig.BEIT_MIN_ASPECT,
                        10,
                        true));
    }
}
