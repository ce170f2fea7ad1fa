package io.github.djlssl.mim.maskfeat;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import io.github.djlssl.core.augment.AugmentationPipeline;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.augment.RandomHorizontalFlip;
import io.github.djlssl.core.augment.RandomResizedCrop;
import io.github.djlssl.core.augment.ViewSpec;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import java.util.List;
import io.github.djlssl.mim.common.MaskTokenInput;
import io.github.djlssl.mim.common.MaskedTokenPrediction;

/**
 * MaskFeat (Wei et al. 2022): block-wise mask 40% of the patches, replace them by a learned mask
 * token before the transformer, and regress the HOG features of the masked patches from the
 * encoder's output tokens with a linear head; the loss is the mean squared error on masked patches
 * only (§3).
 *
 * <p>Networks ({@link MaskedTokenPrediction}, shared with BEiT): the ViT encoder (trained, used for
 * evaluation), {@link MaskTokenInput} and a {@code Linear(D → C · 9 · (p/cell)²)} head initialised N(0, 0.02²) truncated, bias 0 (as
 * mmselfsup's MaskFeat neck). The target is {@link HogFeatures} of the augmented, normalised view
 * itself; per-cell L2 normalisation makes it independent of the per-channel normalisation.
 */
public final class MaskFeat implements SslMethod {

    /** The registry id. */
    public static final String ID = "maskfeat";

    private final MaskedTokenPrediction network;
    private final MultiView views;
    private final HogFeatures hog;

    /**
     * Builds MaskFeat around an initialised ViT.
     *
     * @param config the settings
     * @param context encoder (must be a {@link VisionTransformer}), manager, normalisation
     * @throws IllegalArgumentException for a non-ViT encoder or a cell size that does not divide
     *     the patch
     */
    public MaskFeat(MaskFeatConfig config, MethodContext context) {
        VisionTransformer vit = MaskTokenInput.requireVit(context.encoder(), "MaskFeat");
        int patch = vit.patchSize();
        int cell = config.cellSize() == 0 ? HogFeatures.defaultCellSize(patch) : config.cellSize();
        this.hog = new HogFeatures(config.bins(), cell, patch, context.imageSize(),
                config.gaussianWindow(), context.manager());
        this.network = new MaskedTokenPrediction(context, "MaskFeat", hog.featureDim(context.channels()),
                config.maskRatio(), config.minBlockPatches());
        this.views = MultiView.of(new ViewSpec("image", context.imageSize(),
                AugmentationPipeline.of(
                        RandomResizedCrop.of(context.imageSize(), config.minCropScale(), 1.0),
                        new RandomHorizontalFlip(0.5),
                        context.normalization())));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MultiView views() {
        return views;
    }

    @Override
    public Block trainable() {
        return network.trainable();
    }

    @Override
    public Encoder encoder() {
        return network.encoder();
    }

    /**
     * Returns the HOG target extractor.
     *
     * @return the extractor this method regresses
     */
    public HogFeatures hog() {
        return hog;
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        NDArray images = batchViews.get(0);
        MaskedTokenPrediction.Output out = network.predict(images, step);
        NDArray target = hog.patchTargets(images);
        return LossOutput.of(MaskFeatLoss.compute(out.prediction(), target, out.mask().floatMask()));
    }

    @Override
    public void close() {
        hog.close();
    }
}
