package io.github.djlssl.core.mask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.random.Rng;
import java.util.Objects;

/**
 * SimMIM's random masking (Xie et al. 2022, §3.1): an exact {@code ceil(ratio * Lc)} of the
 * coarse mask patches per sample are masked, uniformly (on the device, as {@link
 * RandomMaskGenerator}), then the coarse mask is repeated to the model's patch grid, so every
 * coarse cell is all masked or all visible and every sample masks the same number of model
 * patches.
 */
public final class SimMimMaskGenerator implements MaskGenerator {

    private final SimMimMaskConfig config;

    /**
     * Creates the generator.
     *
     * @param config the settings
     */
    public SimMimMaskGenerator(SimMimMaskConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Returns the settings.
     *
     * @return the config
     */
    public SimMimMaskConfig config() {
        return config;
    }

    @Override
    public PatchGrid grid() {
        return config.modelGrid();
    }

    @Override
    public PatchMask generate(NDManager manager, int batchSize, Rng rng) {
        PatchGrid coarse = config.coarseGrid();
        PatchGrid fine = config.modelGrid();
        int scale = config.scale();
        NDArray mask;
        try (NDManager scratch = manager.newSubManager()) {
            mask =
                    RandomMaskGenerator.randomMask(
                                    scratch, batchSize, coarse.size(),
                                    config.maskedCoarseCount(), rng)
                            .reshape(batchSize, coarse.height(), coarse.width())
                            .repeat(1, scale)
                            .repeat(2, scale)
                            .reshape(batchSize, fine.size());
            mask.attach(manager);
        }
        return PatchMask.ofEqualCounts(mask, config.maskedCount(), fine);
    }
}
