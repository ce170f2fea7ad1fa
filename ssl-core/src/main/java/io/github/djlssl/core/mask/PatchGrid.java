package io.github.djlssl.core.mask;

/**
 * The patch grid of one image: {@code height x width} patches numbered row-major, so patch
 * {@code (row, col)} has index {@code row * width + col}.
 *
 * @param height patches per column, &ge; 1
 * @param width patches per row, &ge; 1
 */
public record PatchGrid(int height, int width) {

    /** Validates the sides. */
    public PatchGrid {
        if (height < 1) {
            throw new IllegalArgumentException("height must be >= 1, got " + height);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
    }

    /**
     * Returns a square grid.
     *
     * @param side patches per side
     * @return the grid {@code side x side}
     */
    public static PatchGrid square(int side) {
        return new PatchGrid(side, side);
    }

    /**
     * Returns the number of patches.
     *
     * @return {@code L = height * width}
     */
    public int size() {
        return height * width;
    }

    /**
     * Returns the row-major index of a patch.
     *
     * @param row row in {@code [0, height)}
     * @param col column in {@code [0, width)}
     * @return {@code row * width + col}
     */
    public int index(int row, int col) {
        return row * width + col;
    }

    /**
     * Returns how many patches a mask ratio hides: {@code ceil(ratio * L)}, the count of MAE's
     * reference code ({@code L - int(L * (1 - ratio))}) and of SimMIM's ({@code ceil}).
     *
     * @param ratio fraction of patches to mask, in [0, 1]
     * @return the masked count, in {@code [0, L]}
     */
    public int maskedCount(double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio must be in [0, 1], got " + ratio);
        }
        // The epsilon keeps 0.6 * 36 = 21.6000000004-style float noise from rounding up a whole.
        return (int) Math.ceil(ratio * size() - 1e-9);
    }
}
