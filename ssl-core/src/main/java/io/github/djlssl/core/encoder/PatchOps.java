package io.github.djlssl.core.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * MAE's {@code patchify} / {@code unpatchify}: images {@code [B, C, H, W]} ↔ patches {@code [B, L,
 * p·p·C]}, patches row-major over the grid (the {@link TokenEncoder} numbering), pixels inside a
 * patch ordered {@code (p_row, p_col, C)}, as in MAE's {@code einsum('nchpwq->nhwpqc')}. Pure
 * reshape/transpose: differentiable, on the input's device, no copies besides the final layout.
 */
public final class PatchOps {

    private PatchOps() {}

    /**
     * Cuts images into flattened patches.
     *
     * @param images {@code [B, C, H, W]} with H, W divisible by {@code patchSize}
     * @param patchSize the patch side p
     * @return {@code [B, (H/p)·(W/p), p·p·C]}
     */
    public static NDArray patchify(NDArray images, int patchSize) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(2) % patchSize != 0 || s.get(3) % patchSize != 0) {
            throw new IllegalArgumentException(
                    "patchify needs [B, C, H, W] with H, W divisible by " + patchSize + ", got " + s);
        }
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2) / patchSize;
        long w = s.get(3) / patchSize;
        return images.reshape(b, c, h, patchSize, w, patchSize)
                .transpose(0, 2, 4, 3, 5, 1)
                .reshape(b, h * w, (long) patchSize * patchSize * c);
    }

    /**
     * Reassembles images from flattened patches; the inverse of {@link #patchify}.
     *
     * @param patches {@code [B, L, p·p·C]} with L = gridH · gridW
     * @param patchSize the patch side p
     * @param gridHeight patches per column (H / p)
     * @param gridWidth patches per row (W / p)
     * @return {@code [B, C, gridHeight·p, gridWidth·p]}
     */
    public static NDArray unpatchify(NDArray patches, int patchSize, int gridHeight, int gridWidth) {
        Shape s = patches.getShape();
        long pp = (long) patchSize * patchSize;
        if (s.dimension() != 3 || s.get(1) != (long) gridHeight * gridWidth || s.get(2) % pp != 0) {
            throw new IllegalArgumentException(
                    "unpatchify needs [B, " + gridHeight * gridWidth + ", p·p·C] for p = " + patchSize
                            + ", got " + s);
        }
        long b = s.get(0);
        long c = s.get(2) / pp;
        return patches.reshape(b, gridHeight, gridWidth, patchSize, patchSize, c)
                .transpose(0, 5, 1, 3, 2, 4)
                .reshape(b, c, (long) gridHeight * patchSize, (long) gridWidth * patchSize);
    }

    /**
     * Reassembles square images from flattened patches.
     *
     * @param patches {@code [B, g², p·p·C]}
     * @param patchSize the patch side p
     * @return {@code [B, C, g·p, g·p]}
     */
    public static NDArray unpatchify(NDArray patches, int patchSize) {
        int grid = (int) Math.round(Math.sqrt(patches.getShape().get(1)));
        return unpatchify(patches, patchSize, grid, grid);
    }
}
