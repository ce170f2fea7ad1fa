package io.github.djlssl.mim.simmim;

/**
 * SimMIM settings with the paper's defaults (Xie et al., 2022, "SimMIM: a Simple Framework for
 * Masked Image Modeling").
 *
 * <p>Optimiser recipe of the official ViT-B config ({@code simmim_pretrain__vit_base__img224__800ep};
 * not part of this record): AdamW, lr 1e-4 × B/512 (batch 2048), betas (0.9, 0.999), weight decay
 * 0.05, 10 warm-up epochs, 800 epochs, lr × 0.1 at epoch 700, drop path 0.1; augmentation random
 * resized crop (0.67, 1) + flip. In this library: {@code OptimizerConfig.adamw(1e-4 * B / 512,
 * 0.05).withWarmupEpochs(10)} (cosine instead of the step decay).
 *
 * @param maskRatio fraction of mask patches hidden, in (0, 1): 0.6 (§4.1.1, Table 1)
 * @param maskPatchSize side in pixels of the square mask patches, a multiple of the model's patch
 *     that divides the image; SimMIM: 32 over ViT-B/16's 16 px patches (§4.1.1, Table 1). 0 =
 *     {@link #resolveMaskPatchSize auto}: twice the model patch when that divides the image (the
 *     paper's ratio; 8 px over 4 px patches at 32 px), else the model patch itself (at 28 px with
 *     4 px patches the 7 × 7 grid has no coarser divisor)
 */
public record SimMimConfig(double maskRatio, int maskPatchSize) {

    /** Validates every field and names the bad one. */
    public SimMimConfig {
        if (!(maskRatio > 0 && maskRatio < 1)) {
            throw new IllegalArgumentException("maskRatio must be in (0, 1), got " + maskRatio);
        }
        if (maskPatchSize < 0) {
            throw new IllegalArgumentException("maskPatchSize must be >= 0 (0 = auto), got " + maskPatchSize);
        }
    }

    /**
     * Returns the paper's defaults.
     *
     * @return mask ratio 0.6, mask patch auto (= 2 × model patch, SimMIM's 32 px for ViT/16)
     */
    public static SimMimConfig defaults() {
        return new SimMimConfig(0.6, 0);
    }

    /**
     * Returns a copy with another mask ratio.
     *
     * @param value fraction masked, in (0, 1)
     * @return the copy
     */
    public SimMimConfig withMaskRatio(double value) {
        return new SimMimConfig(value, maskPatchSize);
    }

    /**
     * Returns a copy with another mask-patch size.
     *
     * @param value side in pixels (0 = auto)
     * @return the copy
     */
    public SimMimConfig withMaskPatchSize(int value) {
        return new SimMimConfig(maskRatio, value);
    }

    /**
     * Returns the mask-patch size for a model, resolving 0 (auto) and checking an explicit value.
     *
     * @param imageSize the image side
     * @param modelPatchSize the encoder's patch side
     * @return the mask-patch side in pixels
     * @throws IllegalArgumentException if an explicit size is not a multiple of the model patch
     *     that divides the image
     */
    public int resolveMaskPatchSize(int imageSize, int modelPatchSize) {
        if (maskPatchSize == 0) {
            int twice = 2 * modelPatchSize;
            return imageSize % twice == 0 ? twice : modelPatchSize;
        }
        if (maskPatchSize % modelPatchSize != 0 || imageSize % maskPatchSize != 0) {
            throw new IllegalArgumentException(
                    "maskPatchSize must be a multiple of the model patch " + modelPatchSize
                            + " that divides the image size " + imageSize + ", got " + maskPatchSize);
        }
        return maskPatchSize;
    }
}
