package io.github.djlssl.jointembed.barlowtwins;

import ai.djl.ndarray.NDArray;
import io.github.djlssl.core.augment.AugmentationPresets;
import io.github.djlssl.core.head.ProjectedEncoder;
import io.github.djlssl.core.head.ProjectedEncoderMethod;
import io.github.djlssl.core.head.ProjectionHead;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.TrainingStep;
import java.util.List;

/**
 * Barlow Twins (Zbontar et al., 2021): two augmented views pass through the encoder and a wide
 * projector; the cross-correlation of the batch-standardised projections is pushed towards the
 * identity (Algorithm 1): invariance on the diagonal, decorrelation off it. No negatives, no
 * teacher, no predictor.
 *
 * <p>The projector is {@code Linear(no bias) → BN → ReLU} twice, then a plain bias-free Linear, as
 * in the official code. The two views are forwarded separately, as there, so every BatchNorm
 * normalises each view with its own batch statistics. Views are BYOL's asymmetric pair (§2: "we
 * follow the image augmentations of BYOL"); the optimiser recipe is {@link
 * BarlowTwinsConfig#recommendedOptimizer(int)}.
 */
public final class BarlowTwins extends ProjectedEncoderMethod {

    /** The registry id. */
    public static final String ID = "barlowtwins";

    private final BarlowTwinsLoss loss;

    /**
     * Builds Barlow Twins around an initialised encoder.
     *
     * @param config the settings
     * @param context encoder, manager, normalisation
     */
    public BarlowTwins(BarlowTwinsConfig config, MethodContext context) {
        super(
                ID,
                ProjectedEncoder.of(
                        context.encoder(),
                        ProjectionHead.builder()
                                .setOutputDim(config.projectionDim())
                                .optHiddenDim(config.hiddenDim())
                                .optNumLayers(config.projectionLayers())
                                .optHiddenBias(false)
                                .optLastBias(false),
                        context.manager()),
                AugmentationPresets.byol(context.imageSize(), context.normalization()));
        this.loss = new BarlowTwinsLoss(config.lambda());
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        NDArray z1 = embed(step.parameterStore(), batchViews.get(0), true);
        NDArray z2 = embed(step.parameterStore(), batchViews.get(1), true);
        BarlowTwinsLoss.Terms t = loss.terms(z1, z2);
        return LossOutput.of(t.loss())
                .with("on_diagonal", t.onDiagonal())
                .with("off_diagonal", t.offDiagonal())
                .with("embedding_std", t.embeddingStd());
    }
}
