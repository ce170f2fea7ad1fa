package io.github.djlssl.jointembed.moco;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.augment.AugmentationPresets;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.TokenEncoder;
import io.github.djlssl.core.eval.FeatureStatistics;
import io.github.djlssl.core.head.PredictionHead;
import io.github.djlssl.core.head.ProjectionHead;
import io.github.djlssl.core.method.BlockGroup;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.random.Rng;
import io.github.djlssl.core.tensor.Scalars;
import io.github.djlssl.core.teacher.MomentumSchedule;
import io.github.djlssl.core.teacher.EmaTeacher;
import io.github.djlssl.jointembed.moco.MoCoConfig.MomentumDecay;
import io.github.djlssl.jointembed.moco.MoCoConfig.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Momentum Contrast, v2 or v3 ({@link MoCoConfig#version()}): a query network (encoder +
 * projector, + predictor in v3) trained by a contrastive loss against keys from a momentum encoder,
 * an EMA copy of encoder + projector ({@link EmaTeacher}).
 *
 * <ul>
 *   <li><b>v2</b> (Chen et al. 2020b): query = view 1, positive key = view 2 through the momentum
 *       encoder, negatives = a {@link MoCoQueue} of past keys; {@link MoCoV2Loss}; m = 0.999. This
 *       step's keys join the queue in {@link #afterStep}. Views are core's SimCLR preset (v2
 *       §2 adopts SimCLR's blur and stronger colour jitter; the official v2 code crops with scale
 *       (0.2, 1), the preset with (0.08, 1)). They are kept from {@link #loss}
 *       (detached copies owned by the method's manager) rather than recomputed: a second
 *       momentum-encoder forward would cost as much as the first and, with BN in training mode,
 *       give different keys from those the loss used.
 *   <li><b>v3</b> (Chen, Xie, He 2021): both views through both networks, {@link MoCoV3Loss} with
 *       in-batch negatives, m 0.99 → 1 on a cosine; BYOL's augmentation ({@link AugmentationPresets#byol(int, io.github.djlssl.core.augment.Normalize)}).
 * </ul>
 *
 * <p>Every view goes through each network in its own forward pass, as in the official code, so
 * BatchNorm normalises per view. MoCo v2's shuffling BN (keys computed on a batch permuted across
 * GPUs, so BN statistics cannot leak which key matches which query) needs several devices; on one
 * device it is skipped, as lightly and solo-learn do — a permutation within one BN batch changes
 * nothing.
 */
public final class MoCo implements SslMethod {

    /** Registry id of MoCo v2. */
    public static final String ID_V2 = "moco";
    /** Registry id of MoCo v3. */
    public static final String ID_V3 = "mocov3";

    private final MoCoConfig config;
    private final NDManager manager;
    private final Encoder encoder;
    private final ProjectionHead projector;
    private final ProjectionHead predictor; // v3 only
    private final Encoder keyEncoder;
    private final ProjectionHead keyProjector;
    private final BlockGroup trainable;
    private final BlockGroup momentumNetwork;
    private final EmaTeacher ema;
    private final MoCoQueue queue; // v2 only
    private final MoCoV2Loss v2Loss;
    private final MoCoV3Loss v3Loss;
    private final MultiView views;
    /** Run length of the current training, for the cosine momentum; set from each step. */
    /** v2: this step's keys, owned by {@link #manager}, waiting for {@link #afterStep}. */
    private final List<NDArray> pendingKeys = new ArrayList<>();
    private long pendingStep = -1;

    /**
     * Builds MoCo around an initialised encoder.
     *
     * @param config the settings
     * @param context encoder, manager, normalisation, seed
     */
    public MoCo(MoCoConfig config, MethodContext context) {
        this.config = config;
        this.manager = context.manager();
        this.encoder = context.encoder();
        Shape features = new Shape(2, encoder.featureDim());
        this.projector = projector(config, encoder);
        projector.initialize(manager, DataType.FLOAT32, features);
        this.keyEncoder = encoder.freshCopy();
        Shape in = encoder.inputShape();
        keyEncoder.initialize(manager, DataType.FLOAT32, new Shape(2, in.get(0), in.get(1), in.get(2)));
        this.keyProjector = projector(config, encoder);
        keyProjector.initialize(manager, DataType.FLOAT32, features);

        Map<String, Block> online = new LinkedHashMap<>();
        online.put("encoder", encoder);
        online.put("projector", projector);
        Map<String, Block> momentum = new LinkedHashMap<>();
        momentum.put("encoder", keyEncoder);
        momentum.put("projector", keyProjector);
        this.momentumNetwork = BlockGroup.of(momentum);
        this.ema = EmaTeacher.of(BlockGroup.of(online), momentumNetwork, this::momentumAt);

        if (config.version() == Version.V3) {
            this.predictor =
                    PredictionHead.mocoV3(config.projectionDim())
                            .optHiddenDim(config.predictorHiddenDim())
                            .build();
            predictor.initialize(manager, DataType.FLOAT32, new Shape(2, config.projectionDim()));
            online.put("predictor", predictor);
            this.queue = null;
            this.views = AugmentationPresets.byol(context.imageSize(), context.normalization());
        } else {
            this.predictor = null;
            // The queue draws its initial keys from its own stream of the run seed ("moco" in ASCII).
            this.queue =
                    new MoCoQueue(manager, config.queueSize(), config.projectionDim(), Rng.derive(context.seed(), 0x6d6f636fL));
            this.views = AugmentationPresets.simclr(context.imageSize(), context.normalization());
        }
        this.trainable = BlockGroup.of(online);
        this.v2Loss = new MoCoV2Loss(config.temperature());
        this.v3Loss = new MoCoV3Loss(config.temperature());
    }

    /** v2: {@code D → D → 128}, BN only in "v2+" ({@code projectionBatchNorm}); v3: {@code D → 4096 (→ 4096) → 256}, BN, last BN without affine. */
    private static ProjectionHead projector(MoCoConfig config, Encoder encoder) {
        int hidden = config.hiddenDim() == 0 ? encoder.featureDim() : config.hiddenDim();
        ProjectionHead.Builder b =
                ProjectionHead.builder().setOutputDim(config.projectionDim()).optHiddenDim(hidden);
        if (config.version() == Version.V2) {
            return b.optNumLayers(config.projectionLayers() == 0 ? 2 : config.projectionLayers())
                    .optBatchNorm(config.projectionBatchNorm())
                    .build();
        }
        int layers = config.projectionLayers() != 0 ? config.projectionLayers() : encoder instanceof TokenEncoder ? 3 : 2;
        return b.optNumLayers(layers)
                .optHiddenBias(false)
                .optLastBias(false)
                .optLastBatchNorm(true)
                .optLastBatchNormAffine(false)
                .build();
    }

    @Override
    public String id() {
        return config.version() == Version.V3 ? ID_V3 : ID_V2;
    }

    /**
     * Returns the settings.
     *
     * @return the config
     */
    public MoCoConfig config() {
        return config;
    }

    /**
     * Returns the momentum used after a step: the base value, or for {@link MomentumDecay#COSINE}
     * {@code 1 − (1 − m)(1 + cos(π k / K)) / 2} (MoCo v3's schedule, as BYOL's).
     *
     * @param step 0-based global step k
     * @param runSteps total steps K of the run
     * @return m at that step
     */
    public double momentumAt(long step, long runSteps) {
        MomentumSchedule schedule =
                config.momentumDecay() == MomentumDecay.FIXED
                        ? MomentumSchedule.constant(config.momentum())
                        : MomentumSchedule.cosineToOne(config.momentum());
        return schedule.valueAt(step, runSteps);
    }

    /**
     * Returns the negative-key queue (v2).
     *
     * @return the queue
     * @throws IllegalStateException for v3, which has none
     */
    public MoCoQueue queue() {
        if (queue == null) {
            throw new IllegalStateException("MoCo v3 has no queue");
        }
        return queue;
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
    public Map<String, Block> checkpointBlocks() {
        return Map.of("trainable", trainable, "teacher", momentumNetwork);
    }

    @Override
    public NDList stateArrays() {
        return queue == null ? new NDList() : queue.stateArrays();
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        ParameterStore ps = step.parameterStore();
        if (config.version() == Version.V3) {
            NDArray q1 = query(ps, batchViews.get(0));
            NDArray q2 = query(ps, batchViews.get(1));
            NDArray k1 = key(ps, batchViews.get(0));
            NDArray k2 = key(ps, batchViews.get(1));
            return LossOutput.of(v3Loss.compute(q1, q2, k1, k2))
                    .with("positive_similarity", cosine(q1, k2));
        }
        NDArray negatives = queue.keys();
        if (!negatives.getDevice().equals(batchViews.get(0).getDevice())) {
            negatives = negatives.toDevice(batchViews.get(0).getDevice(), false);
            negatives.attach(step.manager());
        }
        NDArray q = project(ps, batchViews.get(0));
        NDArray k = key(ps, batchViews.get(1));
        NDArray loss = v2Loss.compute(q, k, negatives);
        keep(k, step.globalStep());
        if (config.symmetric()) {
            // both terms see the queue as it was before this step; both keys are queued after it
            NDArray q2 = project(ps, batchViews.get(1));
            NDArray k2 = key(ps, batchViews.get(0));
            loss = Scalars.mul(loss.add(v2Loss.compute(q2, k2, negatives)), 0.5);
            keep(k2, step.globalStep());
        }
        return LossOutput.of(loss)
                .with("positive_similarity", cosine(q, k))
                .with("projection_std", FeatureStatistics.meanStd(q));
    }

    /** Encoder + projector of the query network: {@code [B, C, H, W] → [B, D]}. */
    private NDArray project(ParameterStore ps, NDArray images) {
        NDArray features = encoder.features(ps, images, true);
        return projector.forward(ps, new NDList(features), true).singletonOrThrow();
    }

    /** v3's query: the projection through the predictor. */
    private NDArray query(ParameterStore ps, NDArray images) {
        return predictor.forward(ps, new NDList(project(ps, images)), true).singletonOrThrow();
    }

    /** The momentum encoder's key, without gradient: {@code [B, D]}. */
    private NDArray key(ParameterStore ps, NDArray images) {
        NDArray features = keyEncoder.features(ps, images, true);
        return keyProjector.forward(ps, new NDList(features), true).singletonOrThrow().stopGradient();
    }

    /** Copies this step's keys onto the queue's manager and device, for {@link #afterStep}. */
    private void keep(NDArray keys, long globalStep) {
        if (globalStep != pendingStep) {
            // A loss without afterStep (e.g. an evaluation forward): its keys are not queued.
            dropPendingKeys();
            pendingStep = globalStep;
        }
        Device device = queue.keys().getDevice();
        NDArray kept = keys.getDevice().equals(device) ? keys.duplicate() : keys.toDevice(device, false);
        kept.attach(manager);
        pendingKeys.add(kept);
    }

    private void dropPendingKeys() {
        pendingKeys.forEach(NDArray::close);
        pendingKeys.clear();
    }

    private static NDArray cosine(NDArray a, NDArray b) {
        return a.normalize(2, 1, 1e-12).mul(b.normalize(2, 1, 1e-12)).sum(new int[] {1}).mean();
    }

    /**
     * Moves the momentum encoder towards the query network and, for v2, pushes this step's keys
     * into the queue (from every device slice, in order).
     *
     * @param step the step that just finished
     */
    @Override
    public void afterStep(TrainingStep step) {
        ema.update(step);
        if (queue != null && pendingStep == step.globalStep()) {
            for (NDArray k : pendingKeys) {
                queue.enqueue(k);
            }
            dropPendingKeys();
            pendingStep = -1;
        }
    }

    @Override
    public void close() {
        dropPendingKeys();
        if (queue != null) {
            queue.close();
        }
    }
}
