package io.github.djlssl.mim.beit;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import java.util.List;
import java.util.Map;
import io.github.djlssl.mim.common.MaskTokenInput;
import io.github.djlssl.mim.common.MaskedTokenPrediction;

/**
 * BEiT (Bao et al. 2022): block-wise mask about 40% of the patches, replace them by a learned
 * {@code [MASK]} embedding before the transformer, and predict the visual token of every masked
 * patch with a linear head over the tokenizer's vocabulary; cross-entropy at masked positions only
 * (§2.3, Eq. 1). The tokenizer is frozen and its codes carry no gradient.
 *
 * <p>Networks ({@link MaskedTokenPrediction}, shared with MaskFeat): the ViT encoder (trained, used
 * for evaluation), {@link MaskTokenInput}, and the head {@code Linear(D → V)} initialised N(0,
 * 0.02²) truncated (BEiT's {@code lm_head}). The
 * tokenizer is checkpointed, frozen, under {@code tokenizer} when it is a DJL block, so a BEiT
 * checkpoint is self-contained. See {@link BeitConfig} on how much the tokenizer matters.
 */
public final class Beit implements SslMethod {

    /** The registry id. */
    public static final String ID = "beit";

    private final VisualTokenizer tokenizer;
    private final MaskedTokenPrediction network;
    private final MultiView views;

    /**
     * Builds BEiT around an initialised ViT and a trained tokenizer.
     *
     * @param config the settings ({@code tokenizer} is not read: the tokenizer is given)
     * @param context encoder (must be a {@link VisionTransformer}), manager, normalisation
     * @param tokenizer a trained tokenizer with the ViT's patch size; frozen by the caller
     * @throws IllegalArgumentException for a non-ViT encoder or a tokenizer of another patch size
     */
    public Beit(BeitConfig config, MethodContext context, VisualTokenizer tokenizer) {
        VisionTransformer vit = MaskTokenInput.requireVit(context.encoder(), "BEiT");
        if (tokenizer.patchSize() != vit.patchSize()) {
            throw new IllegalArgumentException(
                    "the tokenizer has patch size " + tokenizer.patchSize() + " but the ViT "
                            + vit.patchSize() + "; train the tokenizer with the same"
                            + " --encoder and --patch-size");
        }
        this.tokenizer = tokenizer;
        this.network = new MaskedTokenPrediction(
                context, "BEiT", tokenizer.vocabularySize(), config.maskRatio(), config.minBlockPatches());
        this.views = BeitViews.of(context.imageSize(), config.minCropScale(), config.colorJitter(),
                context.normalization());
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
            return Map.of("trainable", network.trainable(), "tokenizer", block);
        }
        return Map.of("trainable", network.trainable());
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        NDArray images = batchViews.get(0);
        NDArray codes = tokenizer.tokenize(images).stopGradient();
        MaskedTokenPrediction.Output out = network.predict(images, step);
        NDArray mask = out.mask().floatMask();
        return LossOutput.of(BeitLoss.compute(out.prediction(), codes, mask))
                .with("masked_accuracy", BeitLoss.maskedAccuracy(out.prediction(), codes, mask));
    }
}
