package io.github.djlssl.mim.maskfeat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Histograms of oriented gradients as MaskFeat's prediction target (Wei et al. 2022, §3), computed
 * for a whole batch with tensor ops on the images' device. The reference is pyslowfast's {@code
 * HOGLayerC} (the MaskFeat authors' code), with the Gaussian window of its image configuration
 * ({@code gaussian_window=16} at patch 16, as in mmselfsup's MaskFeat):
 *
 * <ol>
 *   <li>per channel (a 1-channel image is its own grayscale), reflect-pad by 1 and take Sobel
 *       gradients {@code gx} (kernel {@code [[1,0,-1],[2,0,-2],[1,0,-1]]}, cross-correlation as
 *       {@code F.conv2d}) and {@code gy} (its transpose);
 *   <li>magnitude {@code sqrt(gx² + gy²)}, phase {@code atan2(gx, gy)} (pyslowfast's argument
 *       order);
 *   <li><b>hard binning</b>: bin {@code floor(phase / π · nbins) mod nbins}, so orientations are
 *       unsigned over [0, π) in {@code nbins} equal bins and each pixel adds its magnitude to one
 *       bin — no interpolation between bins, as in the reference;
 *   <li>optionally weight each pixel by a Gaussian window of the patch's size (σ = patch / 2,
 *       normalised to sum 1), tiled over the image;
 *   <li>sum the pixel histograms over {@code cell × cell} cells;
 *   <li>L2-normalise each cell's {@code nbins}-histogram per channel ({@code F.normalize}, ε =
 *       1e-12) — the local contrast normalisation the paper finds essential.
 * </ol>
 *
 * <p>The patch target concatenates, for each patch, its {@code (patch / cell)²} cells in the
 * reference's order {@code (channel, bin, cell row, cell column)}: {@code C · nbins · (p/cell)²}
 * values (108 for RGB, patch 16, cell 8).
 *
 * <p>Cell size on small images. The paper uses 8 × 8 cells at 224 px with 16 px patches (2 × 2
 * cells per patch). Scaling 8 px by 28/224 would give 1-pixel cells, whose "histogram" is one
 * gradient; instead {@link #defaultCellSize} picks the largest cell of at most 8 px that tiles a
 * patch: 8 for patch 16 (the paper), 7 for patch 14, and the whole patch for patches up to 8 px
 * (e.g. one 4 × 4 cell per patch on 28 px Fashion-MNIST or 32 px CIFAR with patch 4).
 *
 * <p>Constants (filters, bin ids, the window) are built once on the manager given to the
 * constructor and copied to another device only when the images live there.
 */
public final class HogFeatures implements AutoCloseable {

    /** The paper's number of orientation bins. */
    public static final int PAPER_BINS = 9;

    /** The paper's cell side at 224 px. */
    public static final int PAPER_CELL = 8;

    private final int bins;
    private final int cellSize;
    private final int patchSize;
    private final int imageSize;
    private final NDArray sobel;
    private final NDArray binIds;
    private final NDArray window;

    /**
     * Creates the feature extractor for square images of one size.
     *
     * @param bins orientation bins over [0, π) (paper: 9)
     * @param cellSize cell side in pixels, dividing {@code patchSize}
     * @param patchSize the ViT's patch side
     * @param imageSize the image side, divisible by {@code patchSize}
     * @param gaussianWindow whether to weight pixels by a patch-sized Gaussian (reference: yes)
     * @param manager owner of the constant arrays
     */
    public HogFeatures(
            int bins,
            int cellSize,
            int patchSize,
            int imageSize,
            boolean gaussianWindow,
            NDManager manager) {
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be >= 2, got " + bins);
        }
        if (patchSize < 1 || imageSize % patchSize != 0) {
            throw new IllegalArgumentException(
                    "imageSize " + imageSize + " must be a multiple of patchSize " + patchSize);
        }
        if (cellSize < 1 || patchSize % cellSize != 0) {
            throw new IllegalArgumentException(
                    "cellSize must divide patchSize " + patchSize + ", got " + cellSize);
        }
        if (imageSize < 2) {
            throw new IllegalArgumentException("imageSize must be >= 2 for reflect padding");
        }
        this.bins = bins;
        this.cellSize = cellSize;
        this.patchSize = patchSize;
        this.imageSize = imageSize;
        // [2, 1, 3, 3]: Sobel x, then its transpose (pyslowfast weight_x, weight_y).
        this.sobel =
                manager.create(
                        new float[] {
                            1, 0, -1, 2, 0, -2, 1, 0, -1,
                            1, 2, 1, 0, 0, 0, -1, -2, -1
                        },
                        new Shape(2, 1, 3, 3));
        this.binIds = manager.arange(0, bins, 1, DataType.FLOAT32).reshape(1, bins, 1, 1);
        this.window =
                gaussianWindow
                        ? manager.create(tiledWindow(patchSize, imageSize),
                                new Shape(1, 1, imageSize, imageSize))
                        : null;
    }

    /**
     * Returns the paper's recipe for a ViT: 9 bins, the Gaussian window, {@link #defaultCellSize}.
     *
     * @param patchSize the ViT's patch side
     * @param imageSize the image side
     * @param manager owner of the constants
     * @return the extractor
     */
    public static HogFeatures paper(int patchSize, int imageSize, NDManager manager) {
        return new HogFeatures(PAPER_BINS, defaultCellSize(patchSize), patchSize, imageSize, true,
                manager);
    }

    /**
     * Returns the largest cell side of at most {@link #PAPER_CELL} pixels that divides the patch.
     *
     * @param patchSize the patch side
     * @return 8 for patch 16, 7 for 14, the patch itself up to 8 px
     */
    public static int defaultCellSize(int patchSize) {
        for (int c = Math.min(PAPER_CELL, patchSize); c > 1; c--) {
            if (patchSize % c == 0) {
                return c;
            }
        }
        return 1;
    }

    /**
     * Returns the number of values per patch.
     *
     * @param channels image channels C
     * @return {@code C · bins · (patch / cell)²}
     */
    public int featureDim(int channels) {
        int n = patchSize / cellSize;
        return channels * bins * n * n;
    }

    /**
     * Returns the number of orientation bins.
     *
     * @return bins
     */
    public int bins() {
        return bins;
    }

    /**
     * Returns the cell side.
     *
     * @return pixels per cell side
     */
    public int cellSize() {
        return cellSize;
    }

    /**
     * Computes the L2-normalised cell histograms (no gradient).
     *
     * @param images float images {@code [B, C, H, W]} of the configured size
     * @return {@code [B, C, bins, H / cell, W / cell]}, on the images' manager
     */
    public NDArray cellHistograms(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(2) != imageSize || s.get(3) != imageSize) {
            throw new IllegalArgumentException(
                    "expected images [B, C, " + imageSize + ", " + imageSize + "], got " + s);
        }
        long b = s.get(0);
        long c = s.get(1);
        long cells = imageSize / cellSize;
        NDManager caller = images.getManager();
        try (NDManager sub = caller.newSubManager(images.getDevice())) {
            sub.tempAttachAll(images);
            NDArray x = reflectPad1(images.stopGradient().reshape(b * c, 1, imageSize, imageSize));
            NDList grads =
                    x.getNDArrayInternal()
                            .convolution(x, onDevice(sobel, sub, images), null, new Shape(1, 1),
                                    new Shape(0, 0), new Shape(1, 1), 1);
            NDArray g = grads.singletonOrThrow(); // [BC, 2, H, W]
            NDList xy = g.split(2, 1);
            NDArray gx = xy.get(0);
            NDArray gy = xy.get(1);
            NDArray magnitude = gx.square().add(gy.square()).sqrt(); // [BC, 1, H, W]
            if (window != null) {
                magnitude = magnitude.mul(onDevice(window, sub, images));
            }
            NDArray bin = gx.atan2(gy).div((float) (Math.PI / bins)).floor().mod(bins);
            NDArray perPixel = bin.eq(onDevice(binIds, sub, images)).toType(DataType.FLOAT32, false)
                    .mul(magnitude); // [BC, bins, H, W]
            NDArray hist = perPixel.reshape(b * c, bins, cells, cellSize, cells, cellSize)
                    .sum(new int[] {3, 5})
                    .normalize(2, 1, 1e-12)
                    .reshape(b, c, bins, cells, cells);
            hist.attach(caller);
            return hist;
        }
    }

    /**
     * Computes MaskFeat's per-patch targets (no gradient).
     *
     * @param images float images {@code [B, C, H, W]}
     * @return {@code [B, L, C · bins · (p/cell)²]}, patches row-major, on the images' manager
     */
    public NDArray patchTargets(NDArray images) {
        long b = images.getShape().get(0);
        long c = images.getShape().get(1);
        long grid = imageSize / patchSize;
        long n = patchSize / cellSize;
        NDManager caller = images.getManager();
        try (NDManager sub = caller.newSubManager(images.getDevice())) {
            NDArray hist = cellHistograms(images);
            hist.attach(sub);
            NDArray out = hist.reshape(b, c, bins, grid, n, grid, n)
                    .transpose(0, 3, 5, 1, 2, 4, 6)
                    .reshape(b, grid * grid, c * bins * n * n);
            out.attach(caller);
            return out;
        }
    }

    /** Reflect padding by one pixel on both spatial sides ({@code F.pad(mode="reflect")}). */
    private NDArray reflectPad1(NDArray x) {
        int n = imageSize;
        NDArray left = x.get(new NDIndex().addAllDim(3).addSliceDim(1, 2));
        NDArray right = x.get(new NDIndex().addAllDim(3).addSliceDim(n - 2, n - 1));
        NDArray wide = left.concat(x, 3).concat(right, 3);
        NDArray top = wide.get(new NDIndex().addAllDim(2).addSliceDim(1, 2));
        NDArray bottom = wide.get(new NDIndex().addAllDim(2).addSliceDim(n - 2, n - 1));
        return top.concat(wide, 2).concat(bottom, 2);
    }

    /** The constant on the images' device: itself, or a copy owned by {@code sub}. */
    private static NDArray onDevice(NDArray constant, NDManager sub, NDArray images) {
        if (constant.getDevice().equals(images.getDevice())) {
            return constant;
        }
        NDArray copy = constant.toDevice(images.getDevice(), true);
        copy.attach(sub);
        return copy;
    }

    /**
     * pyslowfast's {@code get_gkern(p, p // 2)} (outer product of a Gaussian over {@code arange(p)
     * - mean}, normalised to sum 1) tiled over the image.
     */
    static float[] tiledWindow(int patch, int image) {
        double std = Math.max(1, patch / 2);
        double mean = (patch - 1) / 2.0;
        double[] g = new double[patch];
        for (int i = 0; i < patch; i++) {
            double t = (i - mean) / std;
            g[i] = Math.exp(-0.5 * t * t);
        }
        double total = 0;
        for (double u : g) {
            for (double v : g) {
                total += u * v;
            }
        }
        float[] out = new float[image * image];
        for (int r = 0; r < image; r++) {
            for (int col = 0; col < image; col++) {
                out[r * image + col] = (float) (g[r % patch] * g[col % patch] / total);
            }
        }
        return out;
    }

    /** Frees the constants. */
    @Override
    public void close() {
        sobel.close();
        binIds.close();
        if (window != null) {
            window.close();
        }
    }
}
