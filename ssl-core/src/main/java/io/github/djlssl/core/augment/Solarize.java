package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.github.djlssl.core.random.Rng;

/**
 * Inverts every pixel at or above {@code threshold} ({@code x -> 1 - x}), for each image with
 * probability {@code p} (torchvision {@code RandomSolarize}; BYOL, Grill et al. 2020, Table 6:
 * threshold 0.5, probability 0 / 0.2 for the two views).
 *
 * @param p probability per image, in [0, 1]
 * @param threshold level from which pixels are inverted, in [0, 1]
 */
public record Solarize(double p, double threshold) implements InPlaceAugmentation {

    /** Validates the configuration. */
    public Solarize {
        Probability.require("p", p);
        Probability.require("threshold", threshold);
    }

    /**
     * Returns a solarisation with the papers' threshold 0.5.
     *
     * @param p probability per image
     * @return the op
     */
    public static Solarize of(double p) {
        return new Solarize(p, 0.5);
    }

    @Override
    public NDArray applyConsuming(NDArray owned, Rng rng) {
        OpScope.requireFloatBatch(owned, "Solarize");
        SampleSelection chosen = SampleSelection.draw(rng, (int) owned.getShape().get(0), p);
        if (chosen.none()) {
            return owned;
        }
        return OpScope.run(owned, (scope, x) -> {
            if (chosen.all()) {
                return solarizeInPlace(x);
            }
            NDIndex rows = chosen.rows(scope);
            x.set(rows, solarizeInPlace(x.get(rows)));
            return x;
        });
    }

    private NDArray solarizeInPlace(NDArray x) {
        // x + [x >= t] * (1 - 2x) is 1 - x above the threshold and x below it.
        NDArray flip = x.mul(-2f).addi(1f).muli(x.gte(threshold));
        return x.addi(flip);
    }
}
