package io.github.djlssl.core.mask;

import java.util.Objects;

/**
 * Settings of BEiT's block-wise masking (Bao et al. 2022, "BEiT: BERT Pre-Training of Image
 * Transformers", §2.2 and Algorithm 1): rectangles of at least 16 patches with aspect ratio in
 * [0.3, 1/0.3] are added until about 40% of the patches are masked.
 *
 * @param grid the model's patch grid
 * @param maskRatio target fraction masked, in (0, 1); BEiT: 0.4 (its code uses 75 of 196)
 * @param minBlockPatches smallest block area (while at least that many patches remain to be
 *     masked), &ge; 1 and &le; the masked count; BEiT: 16
 * @param maxBlockPatches largest block area, or 0 for "up to the masked count" (BEiT's None)
 * @param minAspect smallest block height/width, in (0, 1]; BEiT: 0.3 (the largest is its inverse)
 * @param attemptsPerBlock draws tried before giving up on adding a block; BEiT: 10
 * @param exactCount whether to top up, with uniformly drawn patches, the few patches the blocks
 *     leave short of the masked count (BEiT never overshoots it), so that every sample has the
 *     same count and the mask carries index tensors for batched gathers; false keeps BEiT's
 *     varying counts (mask only)
 */
public record BlockMaskConfig(
        PatchGrid grid,
        double maskRatio,
        int minBlockPatches,
        int maxBlockPatches,
        double minAspect,
        int attemptsPerBlock,
        boolean exactCount) {

    /** BEiT's target mask ratio. */
    public static final double BEIT_MASK_RATIO = 0.4;

    /** BEiT's smallest block. */
    public static final int BEIT_MIN_BLOCK_PATCHES = 16;

    /** BEiT's smallest aspect ratio. */
    public static final double BEIT_MIN_ASPECT = 0.3;

    /** Validates the settings. */
    public BlockMaskConfig {
        Objects.requireNonNull(grid, "grid");
        if (!(maskRatio > 0 && maskRatio < 1)) {
            throw new IllegalArgumentException("maskRatio must be in (0, 1), got " + maskRatio);
        }
        int masked = grid.maskedCount(maskRatio);
        if (minBlockPatches < 1 || minBlockPatches > masked) {
            throw new IllegalArgumentException(
                    "minBlockPatches must be in [1, maskedCount=" + masked + "] for " + grid
                            + ", got " + minBlockPatches);
        }
        if (maxBlockPatches != 0 && maxBlockPatches < minBlockPatches) {
            throw new IllegalArgumentException(
                    "maxBlockPatches must be 0 (no limit) or >= minBlockPatches, got "
                            + maxBlockPatches);
        }
        if (!(minAspect > 0 && minAspect <= 1)) {
            throw new IllegalArgumentException("minAspect must be in (0, 1], got " + minAspect);
        }
        if (attemptsPerBlock < 1) {
            throw new IllegalArgumentException(
                    "attemptsPerBlock must be >= 1, got " + attemptsPerBlock);
        }
    }

    /**
     * Returns BEiT's defaults for a grid, with exact counts.
     *
     * @param grid the model's patch grid (BEiT: 14 x 14)
     * @return ratio 0.4, blocks of &ge; 16 patches, aspect [0.3, 1/0.3], 10 attempts
     */
    public static BlockMaskConfig defaults(PatchGrid grid) {
        return new BlockMaskConfig(
                grid, BEIT_MASK_RATIO, BEIT_MIN_BLOCK_PATCHES, 0, BEIT_MIN_ASPECT, 10, true);
    }

    /**
     * Returns a copy with another smallest block, e.g. 4 for a 7 x 7 grid.
     *
     * @param patches smallest block area
     * @return the new settings
     */
    public BlockMaskConfig withMinBlockPatches(int patches) {
        return new BlockMaskConfig(
                grid, maskRatio, patches, maxBlockPatches, minAspect, attemptsPerBlock,
                exactCount);
    }

    /**
     * Returns a copy with another mask ratio.
     *
     * @param ratio target fraction masked
     * @return the new settings
     */
    public BlockMaskConfig withMaskRatio(double ratio) {
        return new BlockMaskConfig(
                grid, ratio, minBlockPatches, maxBlockPatches, minAspect, attemptsPerBlock,
                exactCount);
    }

    /**
     * Returns a copy that keeps or drops the exact-count top-up.
     *
     * @param exact whether every sample masks exactly {@link #maskedCount()} patches
     * @return the new settings
     */
    public BlockMaskConfig withExactCount(boolean exact) {
        return new BlockMaskConfig(
                grid, maskRatio, minBlockPatches, maxBlockPatches, minAspect, attemptsPerBlock,
                exact);
    }

    /**
     * Returns the largest block aspect ratio.
     *
     * @return {@code 1 / minAspect}
     */
    public double maxAspect() {
        return 1 / minAspect;
    }

    /**
     * Returns the masked count the blocks aim for (and, with {@link #exactCount()}, reach).
     *
     * @return {@code ceil(maskRatio * L)}
     */
    public int maskedCount() {
        return grid.maskedCount(maskRatio);
    }
}
