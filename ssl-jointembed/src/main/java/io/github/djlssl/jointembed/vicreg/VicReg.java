package io.github.djlssl.jointembed.vicreg;

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
 * VICReg (Bardes, Ponce, LeCun, 2022): two augmented views pass through the encoder and a wide
 * projector ("expander"); the loss keeps the two projections of an image close (invariance), the
 * standard deviation of every projection dimension above γ (variance) and the dimensions
 * decorrelated (covariance), Algorithm 1. No negatives, no teacher, no predictor, no
 * normalisation of the embeddings.
 *
 * <p>The projector is {@code Linear → BN → ReLU} twice, then a plain bias-free Linear, as in the
 * official code. The two views are forwarded separately, as there, so every BatchNorm normalises
 * each view with its own batch statistics. Views are BYOL's asymmetric pair (the paper follows
 * Barlow Twins, which follows BYOL); the optimiser recipe is {@link
 * VicRegConfig#recommendedOptimizer(int)}.
 */
public final class VicReg extends ProjectedEncoderMethod {

    /** The registry id. */
    public static final String ID = "vicreg";

    private final VicRegLoss loss;

    /**
     * Builds VICReg around an initialised encoder.
     *
     * @param config the settings
     * @param context encoder, manager, normalisation
     */
    public VicReg(VicRegConfig config, MethodContext context) {
        super(
                ID,
                ProjectedEncoder.of(
                        context.encoder(),
                        ProjectionHead.builder()
                                .setOutputDim(config.projectionDim())
                                .optHiddenDim(config.hiddenDim())
                                .optNumLayers(config.projectionLayers())
                                .optLastBias(false),
                        context.manager()),
                AugmentationPresets.byol(context.imageSize(), context.normalization()));
        this.loss = VicRegLoss.of(config);
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        NDArray z1 = embed(step.parameterStore(), batchViews.get(0), true);
        NDArray z2 = embed(step.parameterStore(), batchViews.get(1), true);
        VicRegLoss.Terms t = loss.terms(z1, z2);
        return LossOutput.of(t.loss())
                .with("invariance", t.invariance())
                .with("variance", t.variance())
                .with("covariance", t.covariance())
                .with("embedding_std", t.embeddingStd());
    }
}
