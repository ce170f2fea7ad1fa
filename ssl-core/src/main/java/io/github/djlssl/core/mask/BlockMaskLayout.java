package io.github.djlssl.core.mask;

import java.util.List;

/**
 * One sample's BEiT mask as drawn on the host, with the blocks that made it, so the geometry can
 * be inspected (tests, visualisation).
 *
 * @param mask row-major flags, length {@code L}, true = masked
 * @param blocks the rectangles placed, in order; each has an aspect ratio in range and at least
 *     {@code min(minBlockPatches, patches still to mask when it was placed)} patches; later blocks
 *     may overlap earlier ones
 * @param blockPatches patches masked by the blocks
 * @param toppedUp patches added uniformly at random afterwards to reach the exact count (0 when
 *     exact counts are off)
 */
public record BlockMaskLayout(
        boolean[] mask, List<PatchBlock> blocks, int blockPatches, int toppedUp) {

    /** Copies the block list so the record stays immutable in that respect. */
    public BlockMaskLayout {
        blocks = List.copyOf(blocks);
    }

    /**
     * Returns the number of masked patches.
     *
     * @return {@code blockPatches + toppedUp}
     */
    public int maskedCount() {
        return blockPatches + toppedUp;
    }
}
