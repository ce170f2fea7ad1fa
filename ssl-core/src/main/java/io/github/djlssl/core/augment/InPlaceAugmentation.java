package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import io.github.djlssl.core.random.Rng;

/**
 * An op whose natural form overwrites its input: {@link #apply} copies once and then works in
 * place, so a pipeline that hands the op an owned batch pays no copy at all.
 */
interface InPlaceAugmentation extends BatchAugmentation {

    @Override
    NDArray applyConsuming(NDArray owned, Rng rng);

    @Override
    default NDArray apply(NDArray images, Rng rng) {
        return applyConsuming(images.duplicate(), rng);
    }
}
