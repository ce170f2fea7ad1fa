package io.github.djlssl.core.mask;

import java.util.Objects;

/**
 * Settings of MAE's uniform random masking (He et al. 2022, "Masked Autoencoders Are Scalable
 * Vision Learners", §3 "Masking": patches sampled without replacement, high ratio 75%).
 *
 * @param grid the model's patch grid
 * @param maskRatio fraction of patches masked, in (0, 1); MAE: 0.75
 */
public record RandomMaskConfig(PatchGrid grid, double maskRatio) {

    /** MAE's mask ratio. */
    public static final double MAE_MASK_RATIO = 0.75;

    /** Validates the settings. */
    public RandomMaskConfig {
        Objects.requireNonNull(grid, "grid");
        if (!(maskRatio > 0 && maskRatio < 1)) {
            throw new IllegalArgumentException("maskRatio must be in (0, 1), got " + maskRatio);
        }
    }

    /**
     * Returns MAE's defaults for a grid.
     *
     * @param grid the model's patch grid
     * @return ratio 0.75
     */
    public static RandomMaskConfig defaults(PatchGrid grid) {
        return new RandomMaskConfig(grid, MAE_MASK_RATIO);
    }

    /**
     * Returns a copy with another mask ratio.
     *
     * @param ratio fraction masked, in (0, 1)
     * @return the new settings
     */
    public RandomMaskConfig withMaskRatio(double ratio) {
        return new RandomMaskConfig(grid, ratio);
    }

    /**
     * Returns how many patches each sample masks.
     *
     * @return {@code ceil(maskRatio * L)}, MAE's {@code L - int(L * (1 - ratio))}
     */
    public int maskedCount() {
        return grid.maskedCount(maskRatio);
    }
}
