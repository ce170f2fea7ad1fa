package io.github.djlssl.core.mask;

/**
 * Settings of SimMIM's random masking (Xie et al. 2022, "SimMIM: a Simple Framework for Masked
 * Image Modeling", §3.1 and Table 1: mask patches of 32 px, ratio 0.6, at 192 px).
 *
 * <p>The image is cut into coarse mask patches of {@code maskPatchSize} pixels; a random {@code
 * ceil(maskRatio * Lc)} of them are masked and each covers {@code (maskPatchSize /
 * modelPatchSize)²} patches of the model's grid.
 *
 * @param imageSize input side in pixels, a multiple of {@code maskPatchSize}; SimMIM: 192
 * @param maskPatchSize coarse mask-patch side in pixels, a multiple of {@code modelPatchSize};
 *     SimMIM: 32
 * @param modelPatchSize the model's patch side in pixels; SimMIM: 4 for Swin, 16 for ViT
 * @param maskRatio fraction of coarse patches masked, in (0, 1); SimMIM: 0.6
 */
public record SimMimMaskConfig(
        int imageSize, int maskPatchSize, int modelPatchSize, double maskRatio) {

    /** SimMIM's input size. */
    public static final int SIMMIM_IMAGE_SIZE = 192;

    /** SimMIM's mask-patch size. */
    public static final int SIMMIM_MASK_PATCH_SIZE = 32;

    /** SimMIM's mask ratio. */
    public static final double SIMMIM_MASK_RATIO = 0.6;

    /** Validates the settings. */
    public SimMimMaskConfig {
        if (modelPatchSize < 1) {
            throw new IllegalArgumentException(
                    "modelPatchSize must be >= 1, got " + modelPatchSize);
        }
        if (maskPatchSize < modelPatchSize || maskPatchSize % modelPatchSize != 0) {
            throw new IllegalArgumentException(
                    "maskPatchSize must be a multiple of modelPatchSize=" + modelPatchSize
                            + ", got " + maskPatchSize);
        }
        if (imageSize < maskPatchSize || imageSize % maskPatchSize != 0) {
            throw new IllegalArgumentException(
                    "imageSize must be a multiple of maskPatchSize=" + maskPatchSize + ", got "
                            + imageSize);
        }
        if (!(maskRatio > 0 && maskRatio < 1)) {
            throw new IllegalArgumentException("maskRatio must be in (0, 1), got " + maskRatio);
        }
    }

    /**
     * Returns SimMIM's defaults for a model patch size.
     *
     * @param modelPatchSize the model's patch side (4 for Swin, 16 for ViT)
     * @return 192 px, mask patches of 32 px, ratio 0.6
     */
    public static SimMimMaskConfig defaults(int modelPatchSize) {
        return new SimMimMaskConfig(
                SIMMIM_IMAGE_SIZE, SIMMIM_MASK_PATCH_SIZE, modelPatchSize, SIMMIM_MASK_RATIO);
    }

    /**
     * Returns the coarse mask-patch grid.
     *
     * @return {@code imageSize / maskPatchSize} per side
     */
    public PatchGrid coarseGrid() {
        return PatchGrid.square(imageSize / maskPatchSize);
    }

    /**
     * Returns the model's patch grid, on which the masks are given.
     *
     * @return {@code imageSize / modelPatchSize} per side
     */
    public PatchGrid modelGrid() {
        return PatchGrid.square(imageSize / modelPatchSize);
    }

    /**
     * Returns how many model patches one coarse mask patch spans per side.
     *
     * @return {@code maskPatchSize / modelPatchSize}
     */
    public int scale() {
        return maskPatchSize / modelPatchSize;
    }

    /**
     * Returns the masked coarse patches per sample.
     *
     * @return {@code ceil(maskRatio * Lc)}, as SimMIM's code
     */
    public int maskedCoarseCount() {
        return coarseGrid().maskedCount(maskRatio);
    }

    /**
     * Returns the masked model patches per sample.
     *
     * @return {@code maskedCoarseCount() * scale()²}
     */
    public int maskedCount() {
        return maskedCoarseCount() * scale() * scale();
    }
}
