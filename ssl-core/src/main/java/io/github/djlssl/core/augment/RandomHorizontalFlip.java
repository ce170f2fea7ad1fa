package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.github.djlssl.core.random.Rng;

/**
 * Mirrors each image left-right with probability {@code p}, independently per sample
 * (torchvision {@code RandomHorizontalFlip}). Only the chosen rows are touched: they are
 * gathered, flipped and written back in place.
 *
 * @param p probability of flipping one image, in [0, 1] (0.5 in every recipe here)
 */
public record RandomHorizontalFlip(double p) implements InPlaceAugmentation {

    /** Validates the probability. */
    public RandomHorizontalFlip {
        Probability.require("p", p);
    }

    @Override
    public NDArray applyConsuming(NDArray owned, Rng rng) {
        OpScope.requireFloatBatch(owned, "RandomHorizontalFlip");
        SampleSelection chosen = SampleSelection.draw(rng, (int) owned.getShape().get(0), p);
        if (chosen.none()) {
            return owned;
        }
        return OpScope.run(owned, (scope, x) -> {
            if (chosen.all()) {
                x.set(new NDIndex().addAllDim(), x.flip(3));
            } else {
                NDIndex rows = chosen.rows(scope);
                x.set(rows, x.get(rows).flip(3));
            }
            return x;
        });
    }
}
