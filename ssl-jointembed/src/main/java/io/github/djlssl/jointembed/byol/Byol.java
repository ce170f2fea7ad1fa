package io.github.djlssl.jointembed.byol;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.augment.AugmentationPresets;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.eval.FeatureStatistics;
import io.github.djlssl.core.head.PredictionHead;
import io.github.djlssl.core.head.ProjectionHead;
import io.github.djlssl.core.method.BlockGroup;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.optim.ParameterGroups;
import io.github.djlssl.core.teacher.EmaTeacher;
import io.github.djlssl.core.teacher.MomentumSchedule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BYOL (Grill et al. 2020): an online network (encoder → projector → predictor) regresses the
 * projection of the other view made by a target network, the EMA of the online encoder and
 * projector (§3.1, Fig. 2). No negatives; the predictor and the slowly moving target prevent
 * collapse.
 *
 * <p>Views are BYOL's asymmetric pair ({@link AugmentationPresets#byol(int, io.github.djlssl.core.augment.Normalize)}). Each view passes each network in its
 * own forward, as in the official code, so BatchNorm normalises per view. The target's momentum
 * rises from τ_base to 1 on a cosine over the run's steps, updated in {@link #afterStep}.
 */
public final class Byol implements SslMethod {

    /** The registry id. */
    public static final String ID = "byol";

    private final ByolConfig config;
    private final Encoder encoder;
    private final ProjectionHead projector;
    private final ProjectionHead predictor;
    private final Encoder targetEncoder;
    private final ProjectionHead targetProjector;
    private final BlockGroup trainable;
    private final BlockGroup target;
    private final EmaTeacher ema;
    private final MultiView views;
    /** Run length of the current training, for the cosine momentum; set from each step. */

    /**
     * Builds BYOL around an initialised encoder.
     *
     * @param config the settings
     * @param context encoder, manager, normalisation
     */
    public Byol(ByolConfig config, MethodContext context) {
        this.config = config;
        this.encoder = context.encoder();
        Shape features = new Shape(2, encoder.featureDim());
        this.projector = projector(config);
        projector.initialize(context.manager(), DataType.FLOAT32, features);
        this.predictor =
                PredictionHead.byol(config.projectionDim()).optHiddenDim(config.predictorHiddenDim()).build();
        predictor.initialize(context.manager(), DataType.FLOAT32, new Shape(2, config.projectionDim()));
        this.targetEncoder = encoder.freshCopy();
        Shape in = encoder.inputShape();
        targetEncoder.initialize(context.manager(), DataType.FLOAT32, new Shape(2, in.get(0), in.get(1), in.get(2)));
        this.targetProjector = projector(config);
        targetProjector.initialize(context.manager(), DataType.FLOAT32, features);

        Map<String, Block> online = new LinkedHashMap<>();
        online.put("encoder", encoder);
        online.put("projector", projector);
        Map<String, Block> targetMembers = new LinkedHashMap<>();
        targetMembers.put("encoder", targetEncoder);
        targetMembers.put("projector", targetProjector);
        this.target = BlockGroup.of(targetMembers);
        // The run length reaches the method with each step (see afterStep), hence the lambda.
        this.ema = EmaTeacher.of(BlockGroup.of(online), target, this::momentumAt);
        online.put("predictor", predictor);
        this.trainable = BlockGroup.of(online);
        this.views = AugmentationPresets.byol(context.imageSize(), context.normalization());
    }

    /**
     * {@code D → 4096 → 256} with BN and ReLU on the hidden layer (§3.3), and optionally a
     * parameter-free BN on the output.
     */
    private static ProjectionHead projector(ByolConfig config) {
        return ProjectionHead.builder()
                .setOutputDim(config.projectionDim())
                .optHiddenDim(config.projectionHiddenDim())
                .optNumLayers(2)
                .optBatchNorm(true)
                .optLastBatchNorm(config.projectorOutputBatchNorm())
                .optLastBatchNormAffine(false)
                .build();
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * Returns the settings.
     *
     * @return the config
     */
    public ByolConfig config() {
        return config;
    }

    /**
     * Returns the target's EMA momentum after step k of a run of K steps: {@code τ = 1 − (1 −
     * τ_base)(cos(πk/K) + 1)/2} (§3.3).
     *
     * @param step 0-based global step k
     * @param runSteps total steps K
     * @return τ
     */
    public double momentumAt(long step, long runSteps) {
        return MomentumSchedule.cosineToOne(config.baseMomentum()).valueAt(step, runSteps);
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

    /** The predictor at {@link ByolConfig#predictorLrScale()} times the scheduled rate. */
    @Override
    public ParameterGroups parameterGroups() {
        return ParameterGroups.of(trainable)
                .withLrScale(trainable.parametersOf("predictor"), config.predictorLrScale());
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        return Map.of("trainable", trainable, "teacher", target);
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        ParameterStore ps = step.parameterStore();
        NDArray p1 = predict(ps, batchViews.get(0));
        NDArray p2 = predict(ps, batchViews.get(1));
        NDArray z1 = targetProjection(ps, batchViews.get(0));
        NDArray z2 = targetProjection(ps, batchViews.get(1));
        return LossOutput.of(ByolLoss.compute(p1, p2, z1, z2))
                .with("cosine", ByolLoss.cosine(p1, z2))
                .with("prediction_std", FeatureStatistics.meanStd(p1)); // 0 = collapse
    }

    /** Online encoder → projector → predictor: {@code [B, C, H, W] → [B, D]}. */
    private NDArray predict(ParameterStore ps, NDArray images) {
        NDArray h = encoder.features(ps, images, true);
        NDArray z = projector.forward(ps, new NDList(h), true).singletonOrThrow();
        return predictor.forward(ps, new NDList(z), true).singletonOrThrow();
    }

    /** Target encoder → projector, without gradient: {@code [B, D]}. Package-private for tests. */
    NDArray targetProjection(ParameterStore ps, NDArray images) {
        NDArray h = targetEncoder.features(ps, images, true);
        return targetProjector.forward(ps, new NDList(h), true).singletonOrThrow().stopGradient();
    }

    /**
     * Moves the target towards the online network with this step's τ.
     *
     * @param step the step that just finished
     */
    @Override
    public void afterStep(TrainingStep step) {
        ema.update(step);
    }
}
