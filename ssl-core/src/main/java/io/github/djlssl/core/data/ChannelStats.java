package io.github.djlssl.core.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of a dataset's pixels in [0, 1], used to normalise
 * views and evaluation inputs.
 *
 * @param mean per-channel mean
 * @param std per-channel standard deviation, all &gt; 0
 */
public record ChannelStats(float[] mean, float[] std) {

    /** Fashion-MNIST training-set statistics (one channel). */
    public static final ChannelStats FASHION_MNIST = of(new float[] {0.2860f}, new float[] {0.3530f});

    /** MNIST training-set statistics (one channel). */
    public static final ChannelStats MNIST = of(new float[] {0.1307f}, new float[] {0.3081f});

    /** CIFAR-10 training-set statistics (RGB). */
    public static final ChannelStats CIFAR10 =
            of(new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});

    /** ImageNet statistics (RGB), the usual choice for natural-image folders. */
    public static final ChannelStats IMAGENET =
            of(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    /** Validates lengths and positivity, and copies the arrays. */
    public ChannelStats {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException(
                    "mean and std need the same non-zero length, got "
                            + mean.length
                            + " and "
                            + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be > 0, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Creates statistics.
     *
     * @param mean per-channel mean
     * @param std per-channel std
     * @return the statistics
     */
    public static ChannelStats of(float[] mean, float[] std) {
        return new ChannelStats(mean, std);
    }

    /**
     * Returns neutral statistics (mean 0.5, std 0.5) for a channel count.
     *
     * @param channels 1 or 3
     * @return statistics mapping [0, 1] to [-1, 1]
     */
    public static ChannelStats neutral(int channels) {
        float[] m = new float[channels];
        float[] s = new float[channels];
        Arrays.fill(m, 0.5f);
        Arrays.fill(s, 0.5f);
        return of(m, s);
    }

    /**
     * Returns the number of channels.
     *
     * @return the length of {@link #mean()}
     */
    public int channels() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }
}
