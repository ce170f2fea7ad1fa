package io.github.djlssl.mim.maskfeat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import io.github.djlssl.core.augment.AugmentationPipeline;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.augment.RandomHorizontalFlip;
import io.github.djlssl.core.augment.RandomResizedCrop;
import io.github.djlssl.core.augment.ViewSpec;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.mask.BlockMaskGenerator;
import io.github.djlssl.core.mask.PatchMask;
import io.github.djlssl.core.method.BlockGroup;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.mim.beit.BlockMasking;
import io.github.djlssl.mim.beit.MaskTokenEmbedding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MaskFeat (Wei et al. 2022): block-wise mask 40% of the patches, replace them by a learned mask
 * token before the transformer, and regress the HOG features of the masked patches from the
 * encoder's output tokens with a linear head; the loss is the mean squared error on masked patches
 * only (§3).
 *
 * <p>Networks: the ViT encoder (trained, used for evaluation), {@link MaskTokenEmbedding} and a
 * {@code Linear(D → C · 9 · (p/cell)²)} head initialised N(0, 0.02²) truncated, bias 0 (as
 * mmselfsup's MaskFeat neck). The target is {@link HogFeatures} of the augmented, normalised view
 * itself; per-cell L2 normalisation makes it independent of the per-channel normalisation.
 */
public final class MaskFeat implements SslMethod {

    /** The registry id. */
    public static final String ID = "maskfeat";

    private final VisionTransformer encoder;
    private final MaskTokenEmbedding maskToken;
    private final Linear head;
    private final BlockGroup trainable;
    private final MultiView views;
    private final HogFeatures hog;
    private final BlockMaskGenerator masks;
    private final NDIndex patchRows;

    /**
     * Builds MaskFeat around an initialised ViT.
     *
     * @param config the settings
     * @param context encoder (must be a {@link VisionTransformer}), manager, normalisation
     * @throws IllegalArgumentException for a non-ViT encoder or a cell size that does not divide
     *     the patch
     */
    public MaskFeat(MaskFeatConfig config, MethodContext context) {
        this.encoder = MaskTokenEmbedding.requireVit(context.encoder(), "MaskFeat");
        int patch = encoder.patchSize();
        int cell = config.cellSize() == 0 ? HogFeatures.defaultCellSize(patch) : config.cellSize();
        this.hog = new HogFeatures(config.bins(), cell, patch, context.imageSize(),
                config.gaussianWindow(), context.manager());
        int dim = encoder.embedDim();
        this.maskToken = new MaskTokenEmbedding(dim);
        maskToken.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 1, dim));
        this.head = Linear.builder().setUnits(hog.featureDim(context.channels())).build();
        head.setInitializer(new TruncatedNormalInitializer(0.02f), Parameter.Type.WEIGHT);
        head.initialize(context.manager(), DataType.FLOAT32, new Shape(2, dim));
        Map<String, Block> members = new LinkedHashMap<>();
        members.put("encoder", encoder);
        members.put("mask_token", maskToken);
        members.put("head", head);
        this.trainable = BlockGroup.of(members);
        this.views = MultiView.of(new ViewSpec("image", context.imageSize(),
                AugmentationPipeline.of(
                        RandomResizedCrop.of(context.imageSize(), config.minCropScale(), 1.0),
                        new RandomHorizontalFlip(0.5),
                        context.normalization())));
        this.masks = BlockMasking.generator(encoder.gridSize(), config.maskRatio(),
                config.minBlockPatches());
        int prefix = encoder.prefixTokens();
        this.patchRows = new NDIndex().addAllDim().addSliceDim(prefix, prefix + encoder.numPatches());
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
        return trainable;
    }

    @Override
    public Encoder encoder() {
        return encoder;
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
        int batch = Math.toIntExact(images.getShape().get(0));
        PatchMask mask = masks.generate(step.manager(), batch, step.rng());
        ParameterStore ps = step.parameterStore();
        NDArray tokens = maskToken.embed(ps, encoder, images, mask.floatMask(), true);
        NDArray patches = encoder.forwardSequence(ps, tokens, true).get(patchRows);
        NDArray prediction = head.forward(ps, new NDList(patches), true).singletonOrThrow();
        NDArray target = hog.patchTargets(images);
        return LossOutput.of(MaskFeatLoss.compute(prediction, target, mask.floatMask()));
    }

    @Override
    public void close() {
        hog.close();
    }
}
