package io.github.djlssl.core.mask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A batch of patch masks and the index tensors a ViT-based method needs to use them.
 *
 * <p>Convention (see the package documentation): patches row-major on a {@link PatchGrid} of
 * {@code L} patches; {@link #mask()} is {@code [B, L]} with <b>true = masked</b> (hidden,
 * predicted) and false = visible; index tensors are int64, ascending per sample.
 *
 * <p>When every sample masks the same number {@code M} of patches (MAE, SimMIM, BEiT with exact
 * counts) the mask also carries {@link #keepIndices()} {@code [B, K]}, {@link #maskedIndices()}
 * {@code [B, M]} and {@link #restoreIndices()} {@code [B, L]} ({@code K = L - M}). Otherwise
 * ({@link #hasIndices()} is false) only the masks exist; weight a per-patch loss with {@link
 * #floatMask()} instead of gathering.
 *
 * <p>Owns its arrays, which live on the manager the generator was given; {@link #close()} frees
 * them (or let that manager's scope do it).
 */
public final class PatchMask implements AutoCloseable {

    private final PatchGrid grid;
    private final int maskedCount;
    private final NDArray mask;
    private final NDArray floatMask;
    private final NDArray keepIndices;
    private final NDArray maskedIndices;
    private final NDArray restoreIndices;

    private PatchMask(
            PatchGrid grid,
            int maskedCount,
            NDArray mask,
            NDArray floatMask,
            NDArray keepIndices,
            NDArray maskedIndices,
            NDArray restoreIndices) {
        this.grid = grid;
        this.maskedCount = maskedCount;
        this.mask = mask;
        this.floatMask = floatMask;
        this.keepIndices = keepIndices;
        this.maskedIndices = maskedIndices;
        this.restoreIndices = restoreIndices;
    }

    /**
     * Wraps a mask in which every sample masks exactly {@code maskedCount} patches, and derives
     * the index tensors on the mask's device (a sort of {@code mask * L + position}, so no host
     * round trip). The equal-count precondition is the caller's: checking it would need a device
     * sync.
     *
     * @param mask boolean {@code [B, L]}, true = masked; ownership passes to the result
     * @param maskedCount masked patches per sample, {@code M}
     * @param grid the patch grid, {@code grid.size() == L}
     * @return the mask with indices, on {@code mask}'s manager
     */
    public static PatchMask ofEqualCounts(NDArray mask, int maskedCount, PatchGrid grid) {
        checkShape(mask, grid);
        int size = grid.size();
        if (maskedCount < 0 || maskedCount > size) {
            throw new IllegalArgumentException(
                    "maskedCount must be in [0, " + size + "], got " + maskedCount);
        }
        NDManager owner = mask.getManager();
        try (NDManager scratch = owner.newSubManager()) {
            scratch.tempAttachAll(mask);
            NDArray positions = scratch.arange(0, size, 1, DataType.INT64);
            // Unique sort keys: visible patches (key < L) first, masked ones after, each group in
            // ascending patch order. The sorted positions are MAE's ids_shuffle with both groups
            // sorted; its inverse permutation is ids_restore.
            NDArray key = mask.toType(DataType.INT64, false).mul(size).add(positions);
            NDArray shuffle = key.argSort(1);
            NDArray restore = shuffle.argSort(1);
            NDList parts = shuffle.split(new long[] {size - maskedCount}, 1);
            NDArray keep = parts.get(0);
            NDArray masked = parts.get(1);
            NDArray floats = mask.toType(DataType.FLOAT32, false);
            for (NDArray out : new NDArray[] {keep, masked, restore, floats}) {
                out.attach(owner);
            }
            return new PatchMask(grid, maskedCount, mask, floats, keep, masked, restore);
        }
    }

    /**
     * Wraps a mask whose masked count may differ between samples; no index tensors are made.
     *
     * @param mask boolean {@code [B, L]}, true = masked; ownership passes to the result
     * @param grid the patch grid, {@code grid.size() == L}
     * @return the mask without indices, on {@code mask}'s manager
     */
    public static PatchMask ofMaskOnly(NDArray mask, PatchGrid grid) {
        checkShape(mask, grid);
        NDArray floats = mask.toType(DataType.FLOAT32, false);
        return new PatchMask(grid, -1, mask, floats, null, null, null);
    }

    private static void checkShape(NDArray mask, PatchGrid grid) {
        Shape shape = mask.getShape();
        if (shape.dimension() != 2 || shape.get(1) != grid.size()) {
            throw new IllegalArgumentException(
                    "mask must be [B, " + grid.size() + "] for " + grid + ", got " + shape);
        }
        if (mask.getDataType() != DataType.BOOLEAN) {
            throw new IllegalArgumentException(
                    "mask must be BOOLEAN, got " + mask.getDataType());
        }
    }

    /**
     * Returns the patch grid.
     *
     * @return the grid of {@code L} patches
     */
    public PatchGrid grid() {
        return grid;
    }

    /**
     * Returns the batch size.
     *
     * @return {@code B}
     */
    public int batchSize() {
        return Math.toIntExact(mask.getShape().get(0));
    }

    /**
     * Tells whether every sample masks the same number of patches, so the index tensors exist.
     *
     * @return true if {@link #keepIndices()}, {@link #maskedIndices()} and {@link
     *     #restoreIndices()} are available
     */
    public boolean hasIndices() {
        return keepIndices != null;
    }

    /**
     * Returns the masked patches per sample.
     *
     * @return {@code M}
     * @throws IllegalStateException if counts vary per sample
     */
    public int maskedCount() {
        requireIndices();
        return maskedCount;
    }

    /**
     * Returns the visible patches per sample.
     *
     * @return {@code K = L - M}
     * @throws IllegalStateException if counts vary per sample
     */
    public int keepCount() {
        requireIndices();
        return grid.size() - maskedCount;
    }

    /**
     * Returns the mask.
     *
     * @return boolean {@code [B, L]}, true = masked
     */
    public NDArray mask() {
        return mask;
    }

    /**
     * Returns the mask as numbers, for weighting a per-patch loss ({@code sum(loss * m) / sum(m)},
     * MAE's masked-patch mean) or blending in a mask token ({@code x * (1 - m) + t * m}).
     *
     * @return float32 {@code [B, L]}, 1 = masked, 0 = visible
     */
    public NDArray floatMask() {
        return floatMask;
    }

    /**
     * Returns the visible patches of each sample.
     *
     * @return int64 {@code [B, K]}, ascending per row
     * @throws IllegalStateException if counts vary per sample
     */
    public NDArray keepIndices() {
        requireIndices();
        return keepIndices;
    }

    /**
     * Returns the masked patches of each sample.
     *
     * @return int64 {@code [B, M]}, ascending per row
     * @throws IllegalStateException if counts vary per sample
     */
    public NDArray maskedIndices() {
        requireIndices();
        return maskedIndices;
    }

    /**
     * Returns MAE's {@code ids_restore}: for tokens laid out as {@code concat(keep tokens, masked
     * tokens)} along the sequence ({@code [B, K + M, D]}), {@code TokenGather.gather(that,
     * restoreIndices())} puts every token back at its patch position.
     *
     * @return int64 {@code [B, L]}, a permutation per row
     * @throws IllegalStateException if counts vary per sample
     */
    public NDArray restoreIndices() {
        requireIndices();
        return restoreIndices;
    }

    private void requireIndices() {
        if (keepIndices == null) {
            throw new IllegalStateException(
                    "masked counts vary per sample: no index tensors; use mask() or floatMask()");
        }
    }

    /** Frees the mask and index arrays. */
    @Override
    public void close() {
        for (NDArray a :
                new NDArray[] {mask, floatMask, keepIndices, maskedIndices, restoreIndices}) {
            if (a != null) {
                a.close();
            }
        }
    }
}
