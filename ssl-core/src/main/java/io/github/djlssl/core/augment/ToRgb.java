package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import io.github.djlssl.core.random.Rng;

/**
 * Makes a batch 3-channel: a 1-channel batch {@code [B, 1, H, W]} is repeated to {@code [B, 3,
 * H, W]} (so RGB backbones and recipes run on grey datasets); a 3-channel batch passes unchanged.
 */
public final class ToRgb implements BatchAugmentation {

    private static final ToRgb INSTANCE = new ToRgb();

    private ToRgb() {}

    /**
     * Returns the op.
     *
     * @return the shared instance (the op has no configuration)
     */
    public static ToRgb create() {
        return INSTANCE;
    }

    @Override
    public NDArray apply(NDArray images, Rng rng) {
        return channels(images) == 3 ? images.duplicate() : images.repeat(1, 3);
    }

    @Override
    public NDArray applyConsuming(NDArray owned, Rng rng) {
        return channels(owned) == 3 ? owned : BatchAugmentation.super.applyConsuming(owned, rng);
    }

    private static long channels(NDArray images) {
        OpScope.requireFloatBatch(images, "ToRgb");
        long c = images.getShape().get(1);
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("ToRgb expects 1 or 3 channels, got " + c);
        }
        return c;
    }

    @Override
    public String toString() {
        return "ToRgb";
    }
}
