package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.random.Rng;
import java.util.Arrays;

/**
 * Per-channel standardisation {@code (x - mean[c]) / std[c]}, in place, for any channel count.
 * Deterministic: draws nothing from the generator.
 *
 * <p>Named constants give the usual statistics: {@link #imagenet()} (what SimCLR, BYOL, DINO,
 * SwAV and MAE use at 224 px), {@link #cifar10()} and {@link #fashionMnist()} (1 channel).
 */
public final class Normalize implements InPlaceAugmentation {

    /** ImageNet per-channel mean (R, G, B). */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    /** ImageNet per-channel standard deviation (R, G, B). */
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    /** CIFAR-10 training-set per-channel mean (R, G, B). */
    public static final float[] CIFAR10_MEAN = {0.4914f, 0.4822f, 0.4465f};
    /** CIFAR-10 training-set per-channel standard deviation (R, G, B). */
    public static final float[] CIFAR10_STD = {0.2470f, 0.2435f, 0.2616f};
    /** Fashion-MNIST training-set mean (1 channel). */
    public static final float FASHION_MNIST_MEAN = 0.2860f;
    /** Fashion-MNIST training-set standard deviation (1 channel). */
    public static final float FASHION_MNIST_STD = 0.3530f;

    private final float[] mean;
    private final float[] std;

    /**
     * Creates a normalisation.
     *
     * @param mean per-channel mean, one entry per channel
     * @param std per-channel standard deviation, same length, all &gt; 0
     */
    public Normalize(float[] mean, float[] std) {
        if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException(
                    "mean and std must be non-empty and of equal length, got "
                            + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (int i = 0; i < std.length; i++) {
            if (!(std[i] > 0) || !Float.isFinite(mean[i])) {
                throw new IllegalArgumentException(
                        "std must be > 0 and mean finite, got mean[" + i + "]=" + mean[i]
                                + ", std[" + i + "]=" + std[i]);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * Returns ImageNet's RGB statistics.
     *
     * @return the op
     */
    public static Normalize imagenet() {
        return new Normalize(IMAGENET_MEAN, IMAGENET_STD);
    }

    /**
     * Returns CIFAR-10's RGB statistics.
     *
     * @return the op
     */
    public static Normalize cifar10() {
        return new Normalize(CIFAR10_MEAN, CIFAR10_STD);
    }

    /**
     * Returns Fashion-MNIST's 1-channel statistics.
     *
     * @return the op
     */
    public static Normalize fashionMnist() {
        return new Normalize(new float[] {FASHION_MNIST_MEAN}, new float[] {FASHION_MNIST_STD});
    }

    /**
     * Returns the presets' default for a channel count: ImageNet for 3 channels (the papers'
     * choice), Fashion-MNIST for 1 channel (the library's embedded dataset).
     *
     * @param channels 1 or 3
     * @return the op
     */
    public static Normalize defaultFor(int channels) {
        if (channels == 3) {
            return imagenet();
        }
        if (channels == 1) {
            return fashionMnist();
        }
        throw new IllegalArgumentException("no default normalisation for " + channels
                + " channels: pass mean and std explicitly");
    }

    /**
     * Returns the number of channels this normalisation expects.
     *
     * @return the length of mean and std
     */
    public int channels() {
        return mean.length;
    }

    /**
     * Returns a copy of the per-channel mean.
     *
     * @return the mean
     */
    public float[] mean() {
        return mean.clone();
    }

    /**
     * Returns a copy of the per-channel standard deviation.
     *
     * @return the std
     */
    public float[] std() {
        return std.clone();
    }

    @Override
    public NDArray applyConsuming(NDArray owned, Rng rng) {
        OpScope.requireFloatBatch(owned, "Normalize");
        long c = owned.getShape().get(1);
        if (c != mean.length) {
            throw new IllegalArgumentException(
                    "Normalize has " + mean.length + " channels, images have " + c);
        }
        return OpScope.run(owned, (scope, x) -> {
            // (x - m) / s as x * (1 / s) + (-m / s): one upload, two in-place passes.
            float[] affine = new float[2 * mean.length];
            for (int i = 0; i < mean.length; i++) {
                affine[i] = 1f / std[i];
                affine[mean.length + i] = -mean[i] / std[i];
            }
            NDArray a = scope.create(affine, new Shape(2, 1, c, 1, 1));
            return x.muli(a.get(0)).addi(a.get(1));
        });
    }

    @Override
    public String toString() {
        return "Normalize[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
