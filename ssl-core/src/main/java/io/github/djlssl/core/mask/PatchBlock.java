package io.github.djlssl.core.mask;

/**
 * An axis-aligned rectangle of patches on a {@link PatchGrid}: rows {@code [top, top + height)},
 * columns {@code [left, left + width)}. BEiT and I-JEPA masks are unions of such blocks.
 *
 * @param top first row, &ge; 0
 * @param left first column, &ge; 0
 * @param height rows, &ge; 1
 * @param width columns, &ge; 1
 */
public record PatchBlock(int top, int left, int height, int width) {

    /** Validates the geometry. */
    public PatchBlock {
        if (top < 0 || left < 0) {
            throw new IllegalArgumentException(
                    "top and left must be >= 0, got top=" + top + ", left=" + left);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "height and width must be >= 1, got " + height + "x" + width);
        }
    }

    /**
     * Returns the number of patches in the block.
     *
     * @return {@code height * width}
     */
    public int area() {
        return height * width;
    }

    /**
     * Returns the aspect ratio as the papers define it.
     *
     * @return {@code height / width}
     */
    public double aspectRatio() {
        return (double) height / width;
    }

    /**
     * Tells whether the block lies inside a grid.
     *
     * @param grid the grid
     * @return true if every patch of the block is on the grid
     */
    public boolean fitsIn(PatchGrid grid) {
        return top + height <= grid.height() && left + width <= grid.width();
    }

    /**
     * Tells whether a patch belongs to the block.
     *
     * @param row patch row
     * @param col patch column
     * @return true if {@code (row, col)} is inside
     */
    public boolean contains(int row, int col) {
        return row >= top && row < top + height && col >= left && col < left + width;
    }

    /**
     * Returns the block's patch indices, ascending.
     *
     * @param grid the grid the block lies on
     * @return {@code area()} row-major indices
     */
    public int[] indices(PatchGrid grid) {
        if (!fitsIn(grid)) {
            throw new IllegalArgumentException(this + " does not fit in " + grid);
        }
        int[] out = new int[area()];
        int n = 0;
        for (int r = top; r < top + height; r++) {
            for (int c = left; c < left + width; c++) {
                out[n++] = grid.index(r, c);
            }
        }
        return out;
    }

    /**
     * Sets the block's patches in a row-major boolean grid.
     *
     * @param grid the grid
     * @param mask row-major flags of length {@code grid.size()}, modified in place
     * @return how many patches changed from false to true
     */
    int paint(PatchGrid grid, boolean[] mask) {
        int added = 0;
        for (int r = top; r < top + height; r++) {
            for (int c = left; c < left + width; c++) {
                int i = grid.index(r, c);
                if (!mask[i]) {
                    mask[i] = true;
                    added++;
                }
            }
        }
        return added;
    }

    /**
     * Counts the block's patches already set in a row-major boolean grid.
     *
     * @param grid the grid
     * @param mask row-major flags of length {@code grid.size()}
     * @return the number of set patches inside the block
     */
    int countSet(PatchGrid grid, boolean[] mask) {
        int n = 0;
        for (int r = top; r < top + height; r++) {
            for (int c = left; c < left + width; c++) {
                if (mask[grid.index(r, c)]) {
                    n++;
                }
            }
        }
        return n;
    }
}
