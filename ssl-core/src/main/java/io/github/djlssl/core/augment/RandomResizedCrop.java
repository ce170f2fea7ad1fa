package io.github.djlssl.core.augment;

import ai.djl.ndarray.NDArray;
import io.github.djlssl.core.random.Rng;

/**
 * Crops a random box of random area and aspect ratio from every image and resizes it to {@code
 * size x size} (torchvision {@code RandomResizedCrop}), each sample with its own box.
 *
 * <p>Box sampling is torchvision's: up to 10 attempts of area {@code U(scale) * H * W} and
 * log-uniform aspect ratio in {@code ratio}, integer width and height by rounding, kept if it
 * fits; otherwise a centre crop clamped to {@code ratio}. Resizing is antialiased bilinear (as
 * torchvision's tensor default {@code antialias=True}), done for the whole batch at once by
 * {@link SeparableResampler}: two batched matrix products with per-sample filter matrices.
 *
 * <p>Optionally the op also mirrors each output left-right with probability {@code flipP} ({@link
 * #withHorizontalFlip}): the same distribution as a following {@link RandomHorizontalFlip}, but
 * free, because mirroring only reverses the rows of the column filter matrix (as DALI's fused
 * crop-mirror ops do). Every preset uses this.
 *
 * @param size output height and width in pixels
 * @param scaleMin smallest crop area as a fraction of the image (torchvision 0.08)
 * @param scaleMax largest crop area fraction (1.0)
 * @param ratioMin smallest width/height ratio (3/4)
 * @param ratioMax largest width/height ratio (4/3)
 * @param flipP probability of mirroring each output left-right, in [0, 1] (0 = crop only)
 */
public record RandomResizedCrop(int size, double scaleMin, double scaleMax, double ratioMin,
        double ratioMax, double flipP) implements BatchAugmentation {

    private static final int ATTEMPTS = 10;

    /** Validates the configuration. */
    public RandomResizedCrop {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be > 0, got " + size);
        }
        if (!(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1)) {
            throw new IllegalArgumentException(
                    "scale must satisfy 0 < scaleMin <= scaleMax <= 1, got (" + scaleMin + ", "
                            + scaleMax + ")");
        }
        if (!(ratioMin > 0 && ratioMin <= ratioMax)) {
            throw new IllegalArgumentException(
                    "ratio must satisfy 0 < ratioMin <= ratioMax, got (" + ratioMin + ", "
                            + ratioMax + ")");
        }
        Probability.require("flipP", flipP);
    }

    /**
     * Creates a crop without flip.
     *
     * @param size output side in pixels
     * @param scaleMin smallest area fraction
     * @param scaleMax largest area fraction
     * @param ratioMin smallest width/height ratio
     * @param ratioMax largest width/height ratio
     */
    public RandomResizedCrop(
            int size, double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
        this(size, scaleMin, scaleMax, ratioMin, ratioMax, 0.0);
    }

    /**
     * Returns a crop with torchvision's defaults: scale (0.08, 1), ratio (3/4, 4/3).
     *
     * @param size output side in pixels
     * @return the op
     */
    public static RandomResizedCrop of(int size) {
        return of(size, 0.08, 1.0);
    }

    /**
     * Returns a crop with the given area range and ratio (3/4, 4/3).
     *
     * @param size output side in pixels
     * @param scaleMin smallest area fraction
     * @param scaleMax largest area fraction
     * @return the op
     */
    public static RandomResizedCrop of(int size, double scaleMin, double scaleMax) {
        return new RandomResizedCrop(size, scaleMin, scaleMax, 3.0 / 4.0, 4.0 / 3.0, 0.0);
    }

    /**
     * Returns this crop that also mirrors each output left-right with probability {@code p}.
     *
     * @param p flip probability per image (0.5 in every recipe here)
     * @return the fused op
     */
    public RandomResizedCrop withHorizontalFlip(double p) {
        return new RandomResizedCrop(size, scaleMin, scaleMax, ratioMin, ratioMax, p);
    }

    @Override
    public NDArray apply(NDArray images, Rng rng) {
        OpScope.requireFloatBatch(images, "RandomResizedCrop");
        int b = (int) images.getShape().get(0);
        int h = (int) images.getShape().get(2);
        int w = (int) images.getShape().get(3);
        float[] boxes = new float[4 * b];
        for (int i = 0; i < b; i++) {
            int[] box = sampleBox(rng, h, w);
            boxes[i] = box[0];
            boxes[b + i] = box[1];
            boxes[2 * b + i] = box[2];
            boxes[3 * b + i] = box[3];
        }
        boolean[] mirrored = null;
        if (flipP > 0) {
            mirrored = new boolean[b];
            for (int i = 0; i < b; i++) {
                mirrored[i] = rng.bernoulli(flipP);
            }
        }
        boolean[] flips = mirrored;
        return OpScope.run(images,
                (scope, x) -> SeparableResampler.resample(scope, x, boxes, flips, size));
    }

    /**
     * Draws one crop box the way torchvision's {@code RandomResizedCrop.get_params} does.
     *
     * @param rng source of the draws
     * @param height image height
     * @param width image width
     * @return {@code {top, left, boxHeight, boxWidth}} in pixels, inside the image
     */
    public int[] sampleBox(Rng rng, int height, int width) {
        double area = (double) height * width;
        double logRatioMin = Math.log(ratioMin);
        double logRatioMax = Math.log(ratioMax);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double targetArea = area * rng.uniform(scaleMin, scaleMax);
            double aspect = Math.exp(rng.uniform(logRatioMin, logRatioMax));
            // Math.rint is round-half-even, as Python's round().
            int bw = (int) Math.rint(Math.sqrt(targetArea * aspect));
            int bh = (int) Math.rint(Math.sqrt(targetArea / aspect));
            if (bw > 0 && bw <= width && bh > 0 && bh <= height) {
                int top = rng.nextIntInclusive(0, height - bh);
                int left = rng.nextIntInclusive(0, width - bw);
                return new int[] {top, left, bh, bw};
            }
        }
        double inRatio = (double) width / height;
        int bw;
        int bh;
        if (inRatio < ratioMin) {
            bw = width;
            bh = (int) Math.rint(bw / ratioMin);
        } else if (inRatio > ratioMax) {
            bh = height;
            bw = (int) Math.rint(bh * ratioMax);
        } else {
            bw = width;
            bh = height;
        }
        return new int[] {(height - bh) / 2, (width - bw) / 2, bh, bw};
    }
}
