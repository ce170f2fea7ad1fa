package io.github.djlssl.core.mask;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A batch of I-JEPA masks on the device: a context to encode and several target blocks to
 * predict. Patches are row-major indices on the {@link PatchGrid}; all index tensors are int64 and
 * ascending per sample.
 *
 * <p>Owns its arrays; {@link #close()} frees them.
 */
public final class MultiBlockMask implements AutoCloseable {

    private final PatchGrid grid;
    private final NDArray contextIndices;
    private final List<NDArray> targetIndices;
    private final MultiBlockLayout layout;

    MultiBlockMask(
            PatchGrid grid,
            NDArray contextIndices,
            List<NDArray> targetIndices,
            MultiBlockLayout layout) {
        this.grid = grid;
        this.contextIndices = contextIndices;
        this.targetIndices = List.copyOf(targetIndices);
        this.layout = layout;
    }

    /**
     * Returns the patch grid.
     *
     * @return the grid
     */
    public PatchGrid grid() {
        return grid;
    }

    /**
     * Returns the context patches: the context block minus every target patch, trimmed to the
     * batch minimum count by keeping each sample's first {@code Kc} in ascending order (as I-JEPA's
     * collator, which cuts {@code nonzero()} output at {@code min_keep}; this drops the trimmed
     * patches from the block's bottom rows).
     *
     * @return int64 {@code [B, Kc]}
     */
    public NDArray contextIndices() {
        return contextIndices;
    }

    /**
     * Returns the target blocks' patches, one tensor per target.
     *
     * @return {@code numTargets} int64 arrays {@code [B, Kt]}, each sample's rectangle ascending
     */
    public List<NDArray> targetIndices() {
        return targetIndices;
    }

    /**
     * Returns the host-side layout these tensors were made from (blocks, untrimmed contexts).
     *
     * @return the layout
     */
    public MultiBlockLayout layout() {
        return layout;
    }

    /** Frees the index arrays. */
    @Override
    public void close() {
        contextIndices.close();
        targetIndices.forEach(NDArray::close);
    }
}
