package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.github.djlssl.core.random.Rng;

/**
 * Replaces each RGB image, with probability {@code p}, by its ITU-R BT.601 luma {@code 0.299 R +
 * 0.587 G + 0.114 B} repeated on all three channels, so the channel count is kept (torchvision
 * {@code RandomGrayscale}; SimCLR/BYOL/DINO use p = 0.2).
 *
 * <p>On 1-channel images the op is the identity (the image is already grey); it still draws its
 * per-sample decisions so that the random stream does not depend on the channel count.
 *
 * @param p probability per image, in [0, 1]
 */
public record RandomGrayscale(double p) implements InPlaceAugmentation {

    /** Validates the probability. */
    public RandomGrayscale {
        Probability.require("p", p);
    }

    @Override
    public NDArray applyConsuming(NDArray owned, Rng rng) {
        OpScope.requireFloatBatch(owned, "RandomGrayscale");
        SampleSelection chosen = SampleSelection.draw(rng, (int) owned.getShape().get(0), p);
        long channels = owned.getShape().get(1);
        if (chosen.none() || channels == 1) {
            return owned;
        }
        if (channels != 3) {
            throw new IllegalArgumentException(
                    "RandomGrayscale expects 1 or 3 channels, got " + channels);
        }
        return OpScope.run(owned, (scope, x) -> {
            if (chosen.all()) {
                return toGrayInPlace(scope, x);
            }
            NDIndex rows = chosen.rows(scope);
            x.set(rows, toGrayInPlace(scope, x.get(rows)));
            return x;
        });
    }

    private static NDArray toGrayInPlace(ai.djl.ndarray.NDManager scope, NDArray rgb) {
        NDArray gray = Luma.of(scope, rgb);
        return rgb.muli(0f).addi(gray);
    }
}
