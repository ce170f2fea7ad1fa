package io.github.djlssl.core.mask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import java.util.Objects;

/**
 * MAE's random masking (He et al. 2022, §3): each sample hides exactly {@code M = ceil(ratio *
 * L)} patches chosen uniformly without replacement.
 *
 * <p>Done the MAE way, on the device: one random key per patch, {@code ids_shuffle =
 * argsort(keys)}, {@code ids_restore = argsort(ids_shuffle)}, masked where {@code ids_restore >=
 * K}. The keys are 64-bit integers drawn from the {@link Rng} and uploaded in one copy ({@code B x
 * L} longs): unlike float noise they never tie, so the result is the same on every device.
 */
public final class RandomMaskGenerator implements MaskGenerator {

    private final RandomMaskConfig config;

    /**
     * Creates the generator.
     *
     * @param config grid and ratio
     */
    public RandomMaskGenerator(RandomMaskConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Creates a generator with MAE's ratio 0.75 on a square grid.
     *
     * @param gridSize patches per side
     * @return the generator
     */
    public static RandomMaskGenerator mae(int gridSize) {
        return new RandomMaskGenerator(RandomMaskConfig.defaults(PatchGrid.square(gridSize)));
    }

    /**
     * Returns the settings.
     *
     * @return the config
     */
    public RandomMaskConfig config() {
        return config;
    }

    @Override
    public PatchGrid grid() {
        return config.grid();
    }

    /**
     * Returns how many patches each sample masks.
     *
     * @return {@code M}
     */
    public int maskedCount() {
        return config.maskedCount();
    }

    @Override
    public PatchMask generate(NDManager manager, int batchSize, Rng rng) {
        int size = config.grid().size();
        int masked = config.maskedCount();
        return PatchMask.ofEqualCounts(
                randomMask(manager, batchSize, size, masked, rng), masked, config.grid());
    }

    /**
     * Draws a boolean {@code [B, L]} mask with exactly {@code masked} true entries per row,
     * uniformly, on {@code manager}'s device.
     */
    static NDArray randomMask(NDManager manager, int batchSize, int size, int masked, Rng rng) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        long[] keys = new long[Math.multiplyExact(batchSize, size)];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = rng.nextLong();
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDArray keyArray = scratch.create(keys, new Shape(batchSize, size));
            NDArray restore = keyArray.argSort(1).argSort(1);
            NDArray mask = restore.gte(size - masked);
            mask.attach(manager);
            return mask;
        }
    }
}
