package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.engine.OneDnnIsaGuard;
import io.github.djlssl.core.random.Rng;

/**
 * Blurs each image, with probability {@code p}, by a Gaussian of per-sample standard deviation
 * {@code sigma ~ U[sigmaMin, sigmaMax]} (torchvision {@code GaussianBlur} inside {@code
 * RandomApply}): a {@code kernelSize}-tap kernel {@code exp(-t^2 / 2 sigma^2)}, normalised,
 * applied separably with reflect padding.
 *
 * <p>SimCLR (Chen et al. 2020, Appendix A) uses a kernel of 10% of the image side and sigma in
 * [0.1, 2.0]; see {@link #forImageSize}. Batched as two depthwise convolutions (one group per
 * image and channel, each with its own kernel) over the chosen images only.
 *
 * @param p probability per image, in [0, 1]
 * @param sigmaMin smallest sigma in pixels, &gt; 0
 * @param sigmaMax largest sigma in pixels, &ge; sigmaMin
 * @param kernelSize odd number of taps, &ge; 1
 */
public record GaussianBlur(double p, double sigmaMin, double sigmaMax, int kernelSize)
        implements InPlaceAugmentation {

    /** Validates the configuration. */
    public GaussianBlur {
        Probability.require("p", p);
        if (!(sigmaMin > 0 && sigmaMin <= sigmaMax && Double.isFinite(sigmaMax))) {
            throw new IllegalArgumentException(
                    "sigma must satisfy 0 < sigmaMin <= sigmaMax, got (" + sigmaMin + ", "
                            + sigmaMax + ")");
        }
        if (kernelSize < 1 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException(
                    "kernelSize must be odd and >= 1, got " + kernelSize);
        }
    }

    /**
     * Returns SimCLR's blur for images of side {@code imageSize}: sigma in [0.1, 2.0] and a
     * kernel of about 10% of the side ({@link #kernelSizeFor}).
     *
     * @param p probability per image
     * @param imageSize side of the images the blur will see
     * @return the op
     */
    public static GaussianBlur forImageSize(double p, int imageSize) {
        return new GaussianBlur(p, 0.1, 2.0, kernelSizeFor(imageSize));
    }

    /**
     * Returns the kernel size SimCLR's rule gives: 10% of the side, made odd by adding one when
     * even, at least 3 (224 px gives 23, as in SimCLR; 96 px gives 9; 32 px gives 3).
     *
     * @param imageSize image side in pixels, &ge; 2
     * @return an odd kernel size
     */
    public static int kernelSizeFor(int imageSize) {
        if (imageSize < 2) {
            throw new IllegalArgumentException("imageSize must be >= 2, got " + imageSize);
        }
        int k = (int) (0.1 * imageSize);
        if (k % 2 == 0) {
            k += 1;
        }
        return Math.max(3, k);
    }

    @Override
    public NDArray applyConsuming(NDArray owned, Rng rng) {
        OpScope.requireFloatBatch(owned, "GaussianBlur");
        Shape s = owned.getShape();
        int b = (int) s.get(0);
        int radius = kernelSize / 2;
        if (radius >= s.get(2) || radius >= s.get(3)) {
            throw new IllegalArgumentException(
                    "kernelSize " + kernelSize + " too large for images " + s.get(2) + "x"
                            + s.get(3) + " (reflect padding needs kernelSize / 2 < side)");
        }
        SampleSelection chosen = SampleSelection.draw(rng, b, p);
        float[] sigmas = new float[chosen.count()];
        for (int i = 0, j = 0; i < b; i++) {
            double sigma = rng.uniform(sigmaMin, sigmaMax); // drawn for every sample
            if (chosen.isChosen(i)) {
                sigmas[j++] = (float) sigma;
            }
        }
        if (chosen.none() || kernelSize == 1) {
            return owned;
        }
        return OpScope.runConsuming(owned, (scope, x) -> {
            if (chosen.all()) {
                return blur(scope, x, sigmas);
            }
            NDIndex rows = chosen.rows(scope);
            x.set(rows, blur(scope, x.get(rows), sigmas));
            return x;
        });
    }

    private NDArray blur(NDManager scope, NDArray images, float[] sigmas) {
        OneDnnIsaGuard.apply(); // a convolution: may be the process's first
        Shape s = images.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray kernels = scope.create(kernels(sigmas, (int) c), new Shape(n * c, 1, 1, kernelSize));
        int radius = kernelSize / 2;
        // Depthwise: one group per (image, channel), each with its own kernel.
        NDArray planes = images.reshape(1, n * c, h, w);
        NDArray alongW = convolve(ReflectPad.lastAxis(planes, radius), kernels, n * c);
        NDArray alongH = ReflectPad.lastAxis(alongW.swapAxes(2, 3), radius);
        return convolve(alongH, kernels, n * c).swapAxes(2, 3).reshape(n, c, h, w);
    }

    private static NDArray convolve(NDArray planes, NDArray kernels, long groups) {
        Shape one = new Shape(1, 1);
        NDList out = planes.getNDArrayInternal()
                .convolution(planes, kernels, null, one, new Shape(0, 0), one, (int) groups);
        return out.singletonOrThrow();
    }

    /** Normalised 1-D kernels, one per (sample, channel), as torchvision computes them. */
    private float[] kernels(float[] sigmas, int channels) {
        float[] out = new float[sigmas.length * channels * kernelSize];
        int radius = kernelSize / 2;
        for (int i = 0; i < sigmas.length; i++) {
            double sum = 0;
            double[] k = new double[kernelSize];
            for (int t = -radius; t <= radius; t++) {
                k[t + radius] = Math.exp(-(double) t * t / (2.0 * sigmas[i] * sigmas[i]));
                sum += k[t + radius];
            }
            for (int ch = 0; ch < channels; ch++) {
                int base = (i * channels + ch) * kernelSize;
                for (int t = 0; t < kernelSize; t++) {
                    out[base + t] = (float) (k[t] / sum);
                }
            }
        }
        return out;
    }
}
