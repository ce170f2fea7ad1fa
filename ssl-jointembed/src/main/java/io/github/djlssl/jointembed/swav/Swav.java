package io.github.djlssl.jointembed.swav;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import io.github.djlssl.core.augment.AugmentationPresets;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.eval.FeatureStatistics;
import io.github.djlssl.core.head.ProjectionHead;
import io.github.djlssl.core.method.BlockGroup;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SwAV (Caron et al., 2020): crops of an image are mapped to L2-normalised projections, scored
 * against K learned prototypes, and each global crop's equipartitioned cluster assignment (codes
 * from Sinkhorn-Knopp) is predicted from every other crop — "swapped prediction" (§3.1, Eq. 1–3).
 *
 * <p>Pieces: backbone → projection MLP (Linear–BN–ReLU–Linear) → L2 normalise → {@link
 * PrototypeLayer} (rows re-normalised in place after every step, as the official code does before
 * each forward; frozen for {@code freezePrototypesEpochs}) → {@link SwavLoss}. Multi-crop: 2 large
 * and {@code numLocalCrops} small crops, one backbone pass per resolution ({@link MultiCrop});
 * codes are computed for the 2 large crops only ({@code crops_for_assign = [0, 1]}). An optional
 * {@link FeatureQueue} enlarges the Sinkhorn-Knopp problem for small batches.
 *
 * <p>With several devices each slice computes its own codes (the reference gathers the batch across
 * GPUs inside Sinkhorn-Knopp).
 */
public final class Swav implements SslMethod {

    /** The registry id. */
    public static final String ID = "swav";

    /** Crops that get codes: the two large ones ({@code crops_for_assign}). */
    public static final int ASSIGN_CROPS = 2;

    private final SwavConfig config;
    private final Encoder encoder;
    private final ProjectionHead projector;
    private final PrototypeLayer prototypes;
    private final BlockGroup trainable;
    private final MultiView views;
    private final SwavLoss loss;
    private final FeatureQueue queue;
    private final List<NDArray> pendingQueue = new ArrayList<>();
    private long pendingStep = -1;

    /**
     * Builds SwAV around an initialised encoder.
     *
     * @param config the settings
     * @param context encoder, manager, normalisation
     */
    public Swav(SwavConfig config, MethodContext context) {
        this.config = config;
        this.encoder = context.encoder();
        this.projector =
                ProjectionHead.builder()
                        .setOutputDim(config.projectionDim())
                        .optHiddenDim(config.hiddenDim())
                        .optLastBatchNorm(config.projectionOutputBatchNorm())
                        .optLastBatchNormAffine(false)
                        .build();
        projector.initialize(
                context.manager(), DataType.FLOAT32, new Shape(2, encoder.featureDim()));
        this.prototypes = new PrototypeLayer(config.numPrototypes(), PrototypeLayer.Mode.PLAIN);
        prototypes.initialize(
                context.manager(), DataType.FLOAT32, new Shape(2, config.projectionDim()));
        prototypes.normalizeRowsInPlace(new ParameterStore(context.manager(), false));
        Map<String, Block> members = new LinkedHashMap<>();
        members.put("encoder", encoder);
        members.put("projector", projector);
        members.put("prototypes", prototypes);
        this.trainable = BlockGroup.of(members);
        int local = MultiCrop.localSize(encoder, config.localCropSize());
        this.views =
                MultiCrop.requireContiguousGroups(
                        AugmentationPresets.swav(
                                context.imageSize(),
                                local,
                                config.numLocalCrops(),
                                context.normalization()));
        this.loss =
                new SwavLoss(
                        config.temperature(),
                        new SinkhornKnopp(config.epsilon(), config.sinkhornIterations()));
        this.queue =
                config.queueLength() > 0
                        ? new FeatureQueue(
                                context.manager(),
                                ASSIGN_CROPS,
                                config.queueLength(),
                                config.projectionDim())
                        : null;
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
     * Returns the prototype layer.
     *
     * @return the prototypes {@code [K, D]}
     */
    public PrototypeLayer prototypes() {
        return prototypes;
    }

    /** The projection MLP, before the L2 normalisation (for tests). */
    ProjectionHead projector() {
        return projector;
    }

    /**
     * Returns the feature queue, if configured.
     *
     * @return the queue or {@code null}
     */
    public FeatureQueue queue() {
        return queue;
    }

    /**
     * Returns whether the prototypes are frozen at a step.
     *
     * @param step the step
     * @return true during the first {@code freezePrototypesEpochs} epochs
     */
    public boolean prototypesFrozenAt(TrainingStep step) {
        return step.globalStep() < (long) config.freezePrototypesEpochs() * step.stepsPerEpoch();
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        prototypes.setFrozen(prototypesFrozenAt(step));
        ParameterStore ps = step.parameterStore();
        long b = batchViews.get(0).getShape().get(0);
        NDArray features = MultiCrop.features(encoder, ps, views, batchViews, true);
        NDArray z =
                projector
                        .forward(ps, new NDList(features), true)
                        .singletonOrThrow()
                        .normalize(2, 1, 1e-12);
        NDArray scores = prototypes.forward(ps, new NDList(z), true).singletonOrThrow();
        boolean queueActive = queue != null && step.epoch() >= config.queueStartEpoch();
        List<NDArray> queueScores = null;
        if (queueActive && queue.isFull()) {
            queueScores = new ArrayList<>();
            for (int i = 0; i < ASSIGN_CROPS; i++) {
                queueScores.add(prototypes.detachedScores(ps, queue.rows(i, step.manager())));
            }
        }
        NDArray value = loss.compute(scores, b, ASSIGN_CROPS, queueScores);
        if (queueActive) {
            if (pendingStep != step.globalStep()) {
                pendingQueue.clear();
                pendingStep = step.globalStep();
            }
            NDArray newest = z.get(new NDIndex().addSliceDim(0, ASSIGN_CROPS * b)).stopGradient();
            pendingQueue.add(newest.reshape(ASSIGN_CROPS, b, config.projectionDim()));
        }
        return LossOutput.of(value)
                .with("projection_std", FeatureStatistics.meanStd(z)) // 0 = collapsed projections
                .with("prototype_score_std", scoreSpread(scores));
    }

    /**
     * Mean over crops of the std of a crop's scores across the prototypes. It falls to 0 at the
     * uniform fixed point that short runs can reach (every image scores alike against every
     * prototype, so the codes and predictions are uniform and the loss is exactly ln K) even
     * while {@code projection_std} stays healthy.
     */
    static NDArray scoreSpread(NDArray scores) {
        NDArray s = scores.stopGradient();
        return s.sub(s.mean(new int[] {1}, true)).square().mean(new int[] {1}).sqrt().mean();
    }

    /** Re-normalises the prototypes and pushes this step's projections into the queue. */
    @Override
    public void afterStep(TrainingStep step) {
        prototypes.normalizeRowsInPlace(step.parameterStore());
        if (pendingStep == step.globalStep()) {
            for (NDArray newest : pendingQueue) {
                if (!newest.isReleased()) {
                    queue.push(newest);
                }
            }
        }
        pendingQueue.clear();
        pendingStep = -1;
    }

    @Override
    public NDList stateArrays() {
        return queue == null ? new NDList() : queue.stateArrays();
    }

    @Override
    public void close() {
        pendingQueue.clear();
        if (queue != null) {
            queue.close();
        }
    }
}
