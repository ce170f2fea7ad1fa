package io.github.djlssl.core.augment;

import java.util.ArrayList;
import java.util.List;

/**
 * The augmentation recipes of the papers, as {@link MultiView}s ready for a method.
 *
 * <p>Scaling to small images (28 px Fashion-MNIST, 32 px CIFAR): crop <em>area fractions</em>
 * and aspect ratios are resolution-free and kept; only pixel sizes change. Global views use the
 * image side; for multi-crop pass a local side of about 0.43 x the global one (96/224), e.g.
 * {@code dino(32, 16, 6, 3)} or {@code dino(28, 12, 6, 1)}. Blur kernels follow SimCLR's 10% rule
 * ({@link GaussianBlur#kernelSizeFor}), and Gaussian blur is dropped from views of 32 px or less,
 * as the SimCLR paper does for CIFAR-10 (Appendix B.9) and solo-learn's CIFAR recipes do for
 * every method. Colour recipes apply unchanged to 3-channel images; on 1-channel images
 * saturation, hue and grayscale are no-ops ({@link ColorJitter}, {@link RandomGrayscale}), so
 * brightness and contrast remain.
 *
 * <p>Every recipe's horizontal flip (p = 0.5) is fused into its crop ({@link
 * RandomResizedCrop#withHorizontalFlip}), which is free; the standalone {@link
 * RandomHorizontalFlip} gives the same distribution.
 *
 * <p>Normalisation: {@link Normalize#defaultFor} (ImageNet for 3 channels, Fashion-MNIST for 1)
 * unless a {@link Normalize} is passed.
 */
public final class AugmentationPresets {

    /** MAE's smallest crop area fraction (He et al. 2022, Sec. A.1: RandomResizedCrop(0.2, 1)). */
    public static final double MAE_MIN_SCALE = 0.2;
    /** SimMIM's smallest crop area fraction (Xie et al. 2022: random resized crop [0.67, 1]). */
    public static final double SIMMIM_MIN_SCALE = 0.67;

    /** Views up to this side get no Gaussian blur (SimCLR's CIFAR-10 setting). */
    static final int MAX_SIDE_WITHOUT_BLUR = 32;

    private AugmentationPresets() {}

    /**
     * SimCLR (Chen et al. 2020, Appendix A): two views of random resized crop (0.08, 1), flip 0.5,
     * colour jitter (0.4, 0.4, 0.4, 0.1) with p = 0.8 (strength s = 0.5 of (0.8, 0.8, 0.8, 0.2),
     * the CIFAR setting and lightly's/solo-learn's default), grayscale 0.2, Gaussian blur 0.5
     * (sigma 0.1-2, kernel 10% of the side; omitted at 32 px and below, as for CIFAR in the
     * paper).
     *
     * @param imageSize output side in pixels
     * @param channels 1 or 3
     * @return the two views
     */
    public static MultiView simclr(int imageSize, int channels) {
        return simclr(imageSize, Normalize.defaultFor(channels));
    }

    /**
     * SimCLR with explicit normalisation; see {@link #simclr(int, int)}.
     *
     * @param imageSize output side in pixels
     * @param normalize the final normalisation (its channel count is the images')
     * @return the two views
     */
    public static MultiView simclr(int imageSize, Normalize normalize) {
        BatchAugmentation view = view(RandomResizedCrop.of(imageSize, 0.08, 1.0),
                new ColorJitter(0.4, 0.4, 0.4, 0.1, 0.8), 0.5, 0.0, normalize);
        return MultiView.of(new ViewSpec("view1", imageSize, view),
                new ViewSpec("view2", imageSize, view));
    }

    /**
     * BYOL (Grill et al. 2020, Table 6): crop (0.08, 1), flip 0.5, colour jitter (0.4, 0.4, 0.2,
     * 0.1) with p = 0.8, grayscale 0.2, and the asymmetric pair: view 1 blur 1.0 / solarise 0.0,
     * view 2 blur 0.1 / solarise 0.2 (threshold 0.5).
     *
     * @param imageSize output side in pixels
     * @param channels 1 or 3
     * @return the two views
     */
    public static MultiView byol(int imageSize, int channels) {
        return byol(imageSize, Normalize.defaultFor(channels));
    }

    /**
     * BYOL with the dataset's normalisation; see {@link #byol(int, int)}.
     *
     * @param imageSize output side in pixels
     * @param normalize the final normalisation (its channel count is the images')
     * @return the two views
     */
    public static MultiView byol(int imageSize, Normalize normalize) {
        RandomResizedCrop crop = RandomResizedCrop.of(imageSize, 0.08, 1.0);
        ColorJitter jitter = new ColorJitter(0.4, 0.4, 0.2, 0.1, 0.8);
        return MultiView.of(
                new ViewSpec("view1", imageSize, view(crop, jitter, 1.0, 0.0, normalize)),
                new ViewSpec("view2", imageSize, view(crop, jitter, 0.1, 0.2, normalize)));
    }

    /**
     * DINO (Caron et al. 2021; code defaults): two global crops (0.4, 1) and {@code numLocal}
     * local crops (0.05, 0.4); flip 0.5, colour jitter (0.4, 0.4, 0.2, 0.1) with p = 0.8,
     * grayscale 0.2; blur 1.0 on global 1, blur 0.1 + solarise 0.2 on global 2, blur 0.5 on
     * locals. The paper uses 224 px global and 96 px local crops, 6 or 10 locals.
     *
     * @param globalSize global crop side (224; 32 or 28 for small images)
     * @param localSize local crop side (96; 16 or 12 for small images)
     * @param numLocal number of local crops, &ge; 0
     * @param channels 1 or 3
     * @return 2 + numLocal views, globals first
     */
    public static MultiView dino(int globalSize, int localSize, int numLocal, int channels) {
        return dino(globalSize, localSize, numLocal, Normalize.defaultFor(channels));
    }

    /**
     * DINO with the dataset's normalisation; see {@link #dino(int, int, int, int)}.
     *
     * @param globalSize global crop side
     * @param localSize local crop side
     * @param numLocal number of local crops, &ge; 0
     * @param normalize the final normalisation
     * @return 2 + numLocal views, globals first
     */
    public static MultiView dino(int globalSize, int localSize, int numLocal, Normalize normalize) {
        ColorJitter jitter = new ColorJitter(0.4, 0.4, 0.2, 0.1, 0.8);
        RandomResizedCrop global = RandomResizedCrop.of(globalSize, 0.4, 1.0);
        RandomResizedCrop local = RandomResizedCrop.of(localSize, 0.05, 0.4);
        List<ViewSpec> views = new ArrayList<>();
        views.add(new ViewSpec("global1", globalSize, view(global, jitter, 1.0, 0.0, normalize)));
        views.add(new ViewSpec("global2", globalSize, view(global, jitter, 0.1, 0.2, normalize)));
        addLocals(views, numLocal, localSize, view(local, jitter, 0.5, 0.0, normalize));
        return new MultiView(views);
    }

    /**
     * SwAV (Caron et al. 2020, Sec. 4 and code): two crops (0.14, 1) at 224 px and {@code
     * numLocal} crops (0.05, 0.14) at 96 px (6 in the paper); flip 0.5, colour jitter of strength
     * 1 (0.8, 0.8, 0.8, 0.2) with p = 0.8, grayscale 0.2, blur 0.5 (sigma 0.1-2).
     *
     * @param globalSize large crop side
     * @param localSize small crop side
     * @param numLocal number of small crops, &ge; 0
     * @param channels 1 or 3
     * @return 2 + numLocal views, large crops first
     */
    public static MultiView swav(int globalSize, int localSize, int numLocal, int channels) {
        return swav(globalSize, localSize, numLocal, Normalize.defaultFor(channels));
    }

    /**
     * SwAV with the dataset's normalisation; see {@link #swav(int, int, int, int)}.
     *
     * @param globalSize large crop side
     * @param localSize small crop side
     * @param numLocal number of small crops, &ge; 0
     * @param normalize the final normalisation
     * @return 2 + numLocal views, large crops first
     */
    public static MultiView swav(int globalSize, int localSize, int numLocal, Normalize normalize) {
        ColorJitter jitter = new ColorJitter(0.8, 0.8, 0.8, 0.2, 0.8);
        BatchAugmentation global = view(
                RandomResizedCrop.of(globalSize, 0.14, 1.0), jitter, 0.5, 0.0, normalize);
        List<ViewSpec> views = new ArrayList<>();
        views.add(new ViewSpec("global1", globalSize, global));
        views.add(new ViewSpec("global2", globalSize, global));
        addLocals(views, numLocal, localSize,
                view(RandomResizedCrop.of(localSize, 0.05, 0.14), jitter, 0.5, 0.0, normalize));
        return new MultiView(views);
    }

    /**
     * Masked image modelling: one view of random resized crop ({@code minScale}, 1), ratio (3/4,
     * 4/3), flip 0.5, normalise — no colour or blur. MAE uses {@link #MAE_MIN_SCALE}, SimMIM
     * {@link #SIMMIM_MIN_SCALE}.
     *
     * @param imageSize output side in pixels
     * @param channels 1 or 3
     * @param minScale smallest crop area fraction
     * @return the single view
     */
    public static MultiView maskedImageModeling(int imageSize, int channels, double minScale) {
        return maskedImageModeling(imageSize, Normalize.defaultFor(channels), minScale);
    }

    /**
     * Masked image modelling with the dataset's normalisation; see {@link
     * #maskedImageModeling(int, int, double)}.
     *
     * @param imageSize output side in pixels
     * @param normalize the final normalisation
     * @param minScale smallest crop area fraction
     * @return the single view
     */
    public static MultiView maskedImageModeling(int imageSize, Normalize normalize, double minScale) {
        BatchAugmentation view = AugmentationPipeline.of(
                RandomResizedCrop.of(imageSize, minScale, 1.0).withHorizontalFlip(0.5),
                normalize);
        return MultiView.of(new ViewSpec("image", imageSize, view));
    }

    /**
     * MAE's view (He et al. 2022): {@link #maskedImageModeling} with scale (0.2, 1).
     *
     * @param imageSize output side in pixels
     * @param channels 1 or 3
     * @return the single view
     */
    public static MultiView mae(int imageSize, int channels) {
        return maskedImageModeling(imageSize, channels, MAE_MIN_SCALE);
    }

    /**
     * MAE's view with the dataset's normalisation.
     *
     * @param imageSize output side in pixels
     * @param normalize the final normalisation
     * @return the single view
     */
    public static MultiView mae(int imageSize, Normalize normalize) {
        return maskedImageModeling(imageSize, normalize, MAE_MIN_SCALE);
    }

    /**
     * SimMIM's view (Xie et al. 2022): {@link #maskedImageModeling} with scale (0.67, 1).
     *
     * @param imageSize output side in pixels
     * @param channels 1 or 3
     * @return the single view
     */
    public static MultiView simmim(int imageSize, int channels) {
        return maskedImageModeling(imageSize, channels, SIMMIM_MIN_SCALE);
    }

    /**
     * SimMIM's view with the dataset's normalisation.
     *
     * @param imageSize output side in pixels
     * @param normalize the final normalisation
     * @return the single view
     */
    public static MultiView simmim(int imageSize, Normalize normalize) {
        return maskedImageModeling(imageSize, normalize, SIMMIM_MIN_SCALE);
    }

    /** crop + flip 0.5 (fused), jitter, grayscale 0.2, [blur], [solarise], normalise. */
    private static BatchAugmentation view(RandomResizedCrop crop, ColorJitter jitter,
            double blurP, double solarizeP, Normalize normalize) {
        List<BatchAugmentation> ops = new ArrayList<>();
        ops.add(crop.withHorizontalFlip(0.5));
        ops.add(jitter);
        ops.add(new RandomGrayscale(0.2));
        if (blurP > 0 && crop.size() > MAX_SIDE_WITHOUT_BLUR) {
            ops.add(GaussianBlur.forImageSize(blurP, crop.size()));
        }
        if (solarizeP > 0) {
            ops.add(Solarize.of(solarizeP));
        }
        ops.add(normalize);
        return AugmentationPipeline.of(ops.toArray(new BatchAugmentation[0]));
    }

    private static void addLocals(
            List<ViewSpec> views, int numLocal, int localSize, BatchAugmentation local) {
        if (numLocal < 0) {
            throw new IllegalArgumentException("numLocal must be >= 0, got " + numLocal);
        }
        for (int i = 1; i <= numLocal; i++) {
            views.add(new ViewSpec("local" + i, localSize, local));
        }
    }
}
