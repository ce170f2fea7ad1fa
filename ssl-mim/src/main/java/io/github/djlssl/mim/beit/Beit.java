package io.github.djlssl.mim.beit;

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
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.mask.BlockMaskGenerator;
import io.github.djlssl.core.mask.PatchMask;
import io.github.djlssl.core.method.BlockGroup;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BEiT (Bao et al. 2022): block-wise mask about 40% of the patches, replace them by a learned
 * {@code [MASK]} embedding before the transformer, and predict the visual token of every masked
 * patch with a linear head over the tokenizer's vocabulary; cross-entropy at masked positions only
 * (§2.3, Eq. 1). The tokenizer is frozen and its codes carry no gradient.
 *
 * <p>Networks: the ViT encoder (trained, used for evaluation), {@link MaskTokenEmbedding}, and the
 * head {@code Linear(D → V)} initialised N(0, 0.02²) truncated (BEiT's {@code lm_head}). The
 * tokenizer is checkpointed, frozen, under {@code tokenizer} when it is a DJL block, so a BEiT
 * checkpoint is self-contained. See {@link BeitConfig} on how much the tokenizer matters.
 */
public final class Beit implements SslMethod {

    /** The registry id. */
    public static final String ID = "beit";

    private final VisionTransformer encoder;
    private final VisualTokenizer tokenizer;
    private final MaskTokenEmbedding maskToken;
    private final Linear head;
    private final BlockGroup trainable;
    private final MultiView views;
    private final BlockMaskGenerator masks;
    private final NDIndex patchRows;

    /**
     * Builds BEiT around an initialised ViT and a trained tokenizer.
     *
     * @param config the settings ({@code tokenizer} is not read: the tokenizer is given)
     * @param context encoder (must be a {@link VisionTransformer}), manager, normalisation
     * @param tokenizer a trained tokenizer with the ViT's patch size; frozen by the caller
     * @throws IllegalArgumentException for a non-ViT encoder or a tokenizer of another patch size
     */
    public Beit(BeitConfig config, MethodContext context, VisualTokenizer tokenizer) {
        this.encoder = MaskTokenEmbedding.requireVit(context.encoder(), "BEiT");
        if (tokenizer.patchSize() != encoder.patchSize()) {
            throw new IllegalArgumentException(
                    "the tokenizer has patch size " + tokenizer.patchSize() + " but the ViT "
                            + encoder.patchSize() + "; train the tokenizer with the same"
                            + " --encoder and --patch-size");
        }
        this.tokenizer = tokenizer;
        int dim = encoder.embedDim();
        this.maskToken = new MaskTokenEmbedding(dim);
        maskToken.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 1, dim));
        this.head = Linear.builder().setUnits(tokenizer.vocabularySize()).build();
        head.setInitializer(new TruncatedNormalInitializer(0.02f), Parameter.Type.WEIGHT);
        head.initialize(context.manager(), DataType.FLOAT32, new Shape(2, dim));
        Map<String, Block> members = new LinkedHashMap<>();
        members.put("encoder", encoder);
        members.put("mask_token", maskToken);
        members.put("head", head);
        this.trainable = BlockGroup.of(members);
        this.views = BeitViews.of(context.imageSize(), config.minCropScale(), config.colorJitter(),
                context.normalization());
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
     * Returns the frozen tokenizer whose codes are the targets.
     *
     * @return the tokenizer
     */
    public VisualTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        if (tokenizer instanceof Block block) {
            return Map.of("trainable", trainable, "tokenizer", block);
        }
        return Map.of("trainable", trainable);
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        NDArray images = batchViews.get(0);
        int batch = Math.toIntExact(images.getShape().get(0));
        PatchMask mask = masks.generate(step.manager(), batch, step.rng());
        ParameterStore ps = step.parameterStore();
        NDArray codes = tokenizer.tokenize(images).stopGradient();
        NDArray tokens = maskToken.embed(ps, encoder, images, mask.floatMask(), true);
        NDArray patches = encoder.forwardSequence(ps, tokens, true).get(patchRows);
        NDArray logits = head.forward(ps, new NDList(patches), true).singletonOrThrow();
        return LossOutput.of(BeitLoss.compute(logits, codes, mask.floatMask()))
                .with("masked_accuracy", BeitLoss.maskedAccuracy(logits, codes, mask.floatMask()));
    }
}
