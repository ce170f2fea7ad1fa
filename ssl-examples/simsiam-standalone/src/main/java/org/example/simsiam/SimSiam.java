package org.example.simsiam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.augment.AugmentationPresets;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.head.PredictionHead;
import io.github.djlssl.core.head.ProjectionHead;
import io.github.djlssl.core.method.BlockGroup;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SimSiam (Chen &amp; He 2021): encoder + 3-layer projector on both views, a bottleneck predictor
 * on top, and the predictor of one view regresses the stop-gradient projection of the other.
 */
public final class SimSiam implements SslMethod {

    /** The registry id. */
    public static final String ID = "simsiam";

    private final Encoder encoder;
    private final ProjectionHead projector;
    private final ProjectionHead predictor;
    private final BlockGroup trainable;
    private final MultiView views;

    /**
     * Builds SimSiam around an initialised encoder.
     *
     * @param config the widths
     * @param context encoder, manager, normalisation
     */
    public SimSiam(SimSiamConfig config, MethodContext context) {
        this.encoder = context.encoder();
        int dim = config.projectionDim();
        // Linear-BN-ReLU ×2, Linear-BN(no affine); hidden width = the encoder's, as in the paper
        this.projector = ProjectionHead.builder()
                .setOutputDim(dim)
                .optHiddenDim(encoder.featureDim())
                .optNumLayers(3)
                .optHiddenBias(false)
                .optLastBias(false)
                .optLastBatchNorm(true)
                .optLastBatchNormAffine(false)
                .build();
        this.predictor = PredictionHead.simSiam(dim).optHiddenDim(config.predictorHiddenDim()).build();
        projector.initialize(context.manager(), DataType.FLOAT32, new Shape(2, encoder.featureDim()));
        predictor.initialize(context.manager(), DataType.FLOAT32, new Shape(2, dim));
        Map<String, Block> members = new LinkedHashMap<>();
        members.put("encoder", encoder);
        members.put("projector", projector);
        members.put("predictor", predictor);
        this.trainable = BlockGroup.of(members);
        this.views = AugmentationPresets.simclr(context.imageSize(), context.normalization());
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

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        ParameterStore ps = step.parameterStore();
        NDArray z1 = project(ps, batchViews.get(0));
        NDArray z2 = project(ps, batchViews.get(1));
        NDArray p1 = predictor.forward(ps, new NDList(z1), true).singletonOrThrow();
        NDArray p2 = predictor.forward(ps, new NDList(z2), true).singletonOrThrow();
        // std of the l2-normalised projections: ~1/sqrt(D) when healthy, 0 on collapse (§4.1)
        NDArray zn = z1.normalize(2, 1, 1e-12);
        NDArray std = zn.sub(zn.mean(new int[] {0}, true)).square().mean(new int[] {0}).sqrt().mean();
        return LossOutput.of(SimSiamLoss.compute(p1, p2, z1, z2)).with("z_std", std);
    }

    private NDArray project(ParameterStore ps, NDArray images) {
        NDArray features = encoder.features(ps, images, true);
        return projector.forward(ps, new NDList(features), true).singletonOrThrow();
    }
}
