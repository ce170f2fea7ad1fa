package io.github.djlssl.core.eval;

import ai.djl.ndarray.NDArray;
import io.github.djlssl.core.augment.AugmentationPipeline;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.augment.ToFloat;
import io.github.djlssl.core.random.Rng;
import java.util.function.Function;

/**
 * The deterministic input transform of evaluation: uint8 → float in [0, 1] → per-channel
 * normalisation, with no augmentation, so every evaluation sees the images as training's views
 * would before any random op.
 */
public final class EvalTransform {

    private EvalTransform() {}

    /**
     * Returns the transform for a dataset's normalisation.
     *
     * @param normalization the same normalisation the training views end with
     * @return a function from uint8 {@code [B, C, H, W]} to normalised float32 on the same device
     */
    public static Function<NDArray, NDArray> of(Normalize normalization) {
        AugmentationPipeline pipeline = AugmentationPipeline.of(ToFloat.create(), normalization);
        Rng unused = Rng.of(0); // neither op draws random numbers
        return images -> pipeline.apply(images, unused);
    }
}
