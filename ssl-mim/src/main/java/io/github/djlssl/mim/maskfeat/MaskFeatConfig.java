package io.github.djlssl.mim.maskfeat;

/**
 * MaskFeat settings with the paper's defaults (Wei et al. 2022, "Masked Feature Prediction for
 * Self-Supervised Visual Pre-Training", CVPR 2022; image recipe of its §5 and Appendix A).
 *
 * <p>Optimiser recipe of the paper (ViT-B, ImageNet, 300–1600 epochs): AdamW, lr 2e-4 × B/256
 * (base), β = (0.9, 0.999), weight decay 0.05, 30 warm-up epochs then cosine, batch 2048. From the
 * command line: {@code --optimizer adamw --warmup-epochs …}.
 *
 * @param maskRatio fraction of patches masked, in (0, 1): 0.4 with BEiT's block-wise masking
 *     (§4.2 / Table 7 of the paper)
 * @param minBlockPatches smallest mask block in patches; 0 scales BEiT's 16 (at 14 × 14) to the
 *     grid's area (4 on a 7 × 7 grid), see {@code BlockMasking}
 * @param bins HOG orientation bins over [0, π): 9 (§4.1)
 * @param cellSize HOG cell side in pixels, dividing the patch size; 0 = the largest divisor of
 *     the patch of at most 8 px (the paper's 8 px cells at 224 px / patch 16; one cell per patch
 *     for patches up to 8 px)
 * @param gaussianWindow weight gradients by a patch-sized Gaussian before pooling, as the
 *     reference {@code HOGLayerC(gaussian_window=16)} of the image models
 * @param minCropScale smallest random-resized-crop area fraction: 0.5 (the MaskFeat image
 *     recipe, as reproduced by mmselfsup)
 */
public record MaskFeatConfig(
        double maskRatio,
        int minBlockPatches,
        int bins,
        int cellSize,
        boolean gaussianWindow,
        double minCropScale) {

    /** Validates every field and names the bad one. */
    public MaskFeatConfig {
        if (!(maskRatio > 0 && maskRatio < 1)) {
            throw new IllegalArgumentException("maskRatio must be in (0, 1), got " + maskRatio);
        }
        if (minBlockPatches < 0) {
            throw new IllegalArgumentException(
                    "minBlockPatches must be >= 0 (0 = scaled to the grid), got "
                            + minBlockPatches);
        }
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be >= 2, got " + bins);
        }
        if (cellSize < 0) {
            throw new IllegalArgumentException(
                    "cellSize must be >= 0 (0 = automatic), got " + cellSize);
        }
        if (!(minCropScale > 0 && minCropScale <= 1)) {
            throw new IllegalArgumentException(
                    "minCropScale must be in (0, 1], got " + minCropScale);
        }
    }

    /**
     * Returns the paper's defaults.
     *
     * @return 40% block-wise masking, 9 bins, automatic cells, Gaussian window, crop (0.5, 1)
     */
    public static MaskFeatConfig defaults() {
        return new MaskFeatConfig(0.4, 0, HogFeatures.PAPER_BINS, 0, true, 0.5);
    }

    /**
     * Returns a copy with another mask ratio.
     *
     * @param value the fraction masked
     * @return the copy
     */
    public MaskFeatConfig withMaskRatio(double value) {
        return new MaskFeatConfig(value, minBlockPatches, bins, cellSize, gaussianWindow,
                minCropScale);
    }

    /**
     * Returns a copy with another HOG cell size.
     *
     * @param value cell side in pixels (0 = automatic)
     * @return the copy
     */
    public MaskFeatConfig withCellSize(int value) {
        return new MaskFeatConfig(maskRatio, minBlockPatches, bins, value, gaussianWindow,
                minCropScale);
    }

    /**
     * Returns a copy with or without the Gaussian window.
     *
     * @param value whether to weight gradients by the window
     * @return the copy
     */
    public MaskFeatConfig withGaussianWindow(boolean value) {
        return new MaskFeatConfig(maskRatio, minBlockPatches, bins, cellSize, value,
                minCropScale);
    }
}
