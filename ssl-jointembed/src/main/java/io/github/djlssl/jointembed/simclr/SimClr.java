package io.github.djlssl.jointembed.simclr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.github.djlssl.core.augment.AugmentationPresets;
import io.github.djlssl.core.head.ProjectedEncoder;
import io.github.djlssl.core.head.ProjectedEncoderMethod;
import io.github.djlssl.core.head.ProjectionHead;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.TrainingStep;
import java.util.List;

/**
 * SimCLR (Chen et al., 2020): two augmented views of every image pass through the encoder and a
 * projection MLP; NT-Xent pulls the two projections of an image together and pushes the other
 * 2N − 2 away (§2.1, Algorithm 1).
 *
 * <p>Both views go through the networks in one forward pass of 2N images, so BatchNorm sees the
 * whole batch, as with the paper's global BN.
 */
public final class SimClr extends ProjectedEncoderMethod {

    /** The registry id. */
    public static final String ID = "simclr";

    private final NtXentLoss loss;

    /**
     * Builds SimCLR around an initialised encoder.
     *
     * @param config the settings
     * @param context encoder, manager, normalisation
     */
    public SimClr(SimClrConfig config, MethodContext context) {
        super(
                ID,
                ProjectedEncoder.of(
                        context.encoder(),
                        ProjectionHead.builder()
                                .setOutputDim(config.projectionDim())
                                .optHiddenDim(
                                        config.hiddenDim() == 0
                                                ? context.encoder().featureDim()
                                                : config.hiddenDim())
                                .optNumLayers(config.projectionLayers())
                                .optBatchNorm(config.projectionBatchNorm()),
                        context.manager()),
                AugmentationPresets.simclr(context.imageSize(), context.normalization()));
        this.loss = new NtXentLoss(config.temperature());
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        NDArray both = batchViews.get(0).concat(batchViews.get(1), 0);
        NDArray z = embed(step.parameterStore(), both, true);
        NDList halves = z.split(2, 0);
        NDArray z1 = halves.get(0);
        NDArray z2 = halves.get(1);
        return LossOutput.of(loss.compute(z1, z2))
                .with("positive_similarity", NtXentLoss.positiveSimilarity(z1, z2));
    }
}
