package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;

/**
 * Randomly changes brightness, contrast, saturation and hue of each image, with probability
 * {@code p} per image (torchvision {@code RandomApply([ColorJitter(b, c, s, h)], p)}).
 *
 * <p>Semantics follow torchvision: factors are uniform in {@code [max(0, 1 - x), 1 + x]} for
 * brightness, contrast and saturation and the hue shift is uniform in {@code [-hue, hue]} (a
 * fraction of a full turn); brightness scales the image, contrast blends with the image's mean
 * luma, saturation blends with the luma image, hue rotates HSV hue ({@link HueShift}), and the
 * result is clamped to [0, 1] after every step.
 *
 * <p>Order: torchvision draws a fresh order of the four steps per call, i.e. per image in a
 * per-image data loader. Here one order is drawn per batch call (as Kornia's batched {@code
 * ColorJitter} does), while all factors are per sample: a per-sample order would cost up to four
 * times the work. Images that are not selected get identity factors.
 *
 * <p>Saturation and hue are undefined for 1-channel images and are skipped there (torchvision
 * returns 1-channel images unchanged from both); brightness and contrast apply.
 *
 * @param brightness brightness strength, &ge; 0
 * @param contrast contrast strength, &ge; 0
 * @param saturation saturation strength, &ge; 0
 * @param hue hue strength, in [0, 0.5]
 * @param p probability per image, in [0, 1]
 */
public record ColorJitter(double brightness, double contrast, double saturation, double hue,
        double p) implements InPlaceAugmentation {

    private static final int BRIGHTNESS = 0;
    private static final int CONTRAST = 1;
    private static final int SATURATION = 2;
    private static final int HUE = 3;

    /** Validates the configuration. */
    public ColorJitter {
        requireStrength("brightness", brightness);
        requireStrength("contrast", contrast);
        requireStrength("saturation", saturation);
        if (!(hue >= 0 && hue <= 0.5)) {
            throw new IllegalArgumentException("hue must be in [0, 0.5], got " + hue);
        }
        Probability.require("p", p);
    }

    private static void requireStrength(String field, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + " must be finite and >= 0, got " + value);
        }
    }

    @Override
    public NDArray applyConsuming(NDArray owned, Rng rng) {
        OpScope.requireFloatBatch(owned, "ColorJitter");
        int b = (int) owned.getShape().get(0);
        long channels = owned.getShape().get(1);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(
                    "ColorJitter expects 1 or 3 channels, got " + channels);
        }
        boolean rgb = channels == 3;
        int[] order = rng.permutation(4);
        SampleSelection chosen = SampleSelection.draw(rng, b, p);
        float[] factors = new float[4 * b];
        for (int i = 0; i < b; i++) {
            // Always four draws per sample, so the stream does not depend on the selection.
            double bf = rng.uniform(Math.max(0, 1 - brightness), 1 + brightness);
            double cf = rng.uniform(Math.max(0, 1 - contrast), 1 + contrast);
            double sf = rng.uniform(Math.max(0, 1 - saturation), 1 + saturation);
            double hf = rng.uniform(-hue, hue);
            boolean on = chosen.isChosen(i);
            factors[BRIGHTNESS * b + i] = on ? (float) bf : 1f;
            factors[CONTRAST * b + i] = on ? (float) cf : 1f;
            factors[SATURATION * b + i] = on ? (float) sf : 1f;
            factors[HUE * b + i] = on ? (float) (6 * hf) : 0f;
        }
        if (chosen.none()) {
            return owned;
        }
        return OpScope.runConsuming(owned, (scope, x) -> {
            NDArray f = scope.create(factors, new Shape(4, b, 1, 1, 1));
            NDArray out = x;
            for (int step : order) {
                NDArray next = step(scope, step, out, f.get(step), rgb);
                if (next != out && out != x) {
                    out.close(); // free the previous full-size buffer early
                }
                out = next;
            }
            return out;
        });
    }

    private NDArray step(NDManager scope, int step, NDArray x, NDArray factor, boolean rgb) {
        switch (step) {
            case BRIGHTNESS:
                return brightness == 0 ? x : x.muli(factor).clip(0f, 1f);
            case CONTRAST:
                if (contrast == 0) {
                    return x;
                }
                NDArray mean = Luma.meanOf(scope, x);
                return x.muli(factor).addi(mean.muli(factor.neg().addi(1f))).clip(0f, 1f);
            case SATURATION:
                if (saturation == 0 || !rgb) {
                    return x;
                }
                NDArray gray = Luma.of(scope, x).muli(factor.neg().addi(1f));
                return x.muli(factor).addi(gray).clip(0f, 1f);
            case HUE:
                return hue == 0 || !rgb ? x : HueShift.apply(scope, x, factor);
            default:
                throw new IllegalStateException("unknown jitter step " + step);
        }
    }
}
