package io.github.djlssl.jointembed.barlowtwins;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.augment.AugmentationPresets;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.head.ProjectedEncoder;
import io.github.djlssl.core.head.ProjectionHead;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
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
public final class BarlowTwins implements SslMethod {

    /** The registry id. */
    public static final String ID = "barlowtwins";

    private final ProjectedEncoder online;
    private final MultiView views;
    private final BarlowTwinsLoss loss;

    /**
     * Builds Barlow Twins around an initialised encoder.
     *
     * @param config the settings
     * @param context encoder, manager, normalisation
     */
    public BarlowTwins(BarlowTwinsConfig config, MethodContext context) {
        this.online =
                ProjectedEncoder.of(
                        context.encoder(),
                        ProjectionHead.builder()
                                .setOutputDim(config.projectionDim())
                                .optHiddenDim(config.hiddenDim())
                                .optNumLayers(config.projectionLayers())
                                .optHiddenBias(false)
                                .optLastBias(false),
                        context.manager());
        // BYOL's preset normalises with the channel-count default (ImageNet / Fashion-MNIST stats).
        this.views = AugmentationPresets.byol(context.imageSize(), context.normalization());
        this.loss = new BarlowTwinsLoss(config.lambda());
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
        return online.blocks();
    }

    @Override
    public Encoder encoder() {
        return online.encoder();
    }

    /**
     * Returns the projector (tests inspect its output for collapse).
     *
     * @return the projection head, {@code [B, featureDim] → [B, projectionDim]}
     */
    public ProjectionHead projector() {
        return online.projector();
    }

    /**
     * Runs encoder + projector on one view.
     *
     * @param ps the parameter store
     * @param images normalised images {@code [B, C, H, W]}
     * @param training whether BatchNorm uses batch statistics
     * @return projections {@code [B, projectionDim]}
     */
    public NDArray embed(ParameterStore ps, NDArray images, boolean training) {
        return online.embed(ps, images, training);
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
