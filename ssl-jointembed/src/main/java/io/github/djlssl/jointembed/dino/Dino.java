package io.github.djlssl.jointembed.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import io.github.djlssl.core.augment.AugmentationPresets;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.TokenEncoder;
import io.github.djlssl.core.eval.FeatureStatistics;
import io.github.djlssl.core.method.BlockGroup;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.schedule.LinearSchedule;
import io.github.djlssl.core.teacher.EmaTeacher;
import io.github.djlssl.core.teacher.MomentumSchedule;
import io.github.djlssl.jointembed.swav.MultiCrop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DINO (Caron et al., 2021): self-distillation with no labels. A student (backbone + {@link
 * DinoHead}) sees all crops; a teacher — the EMA of the student, momentum 0.996 → 1 on a cosine —
 * sees the two global crops; the student's softmax at τ_s = 0.1 is trained to match the teacher's
 * centred ({@link Center}) and sharpened (τ_t 0.04 → 0.07) softmax of every other view ({@link
 * DinoLoss}; Algorithm 1).
 *
 * <p>Multi-crop: 2 global and {@code numLocalCrops} local crops, one student backbone pass per
 * resolution ({@link MultiCrop}); ViTs take local crops at the full input size (fixed positional
 * embeddings). The head's last layer is frozen for {@code freezeLastLayerEpochs} (the reference's
 * {@code cancel_gradients_last_layer}). After every optimiser step the teacher moves towards the
 * student and the centre towards the mean teacher output of the step.
 *
 * <p>Works with ResNets and ViTs; for ResNets the reference recommends {@code headBatchNorm}.
 */
public final class Dino implements SslMethod {

    /** The registry id. */
    public static final String ID = "dino";

    private static final Logger LOG = LoggerFactory.getLogger(Dino.class);

    private final DinoConfig config;
    private final Encoder encoder;
    private final DinoHead head;
    private final Encoder teacherEncoder;
    private final DinoHead teacherHead;
    private final BlockGroup student;
    private final BlockGroup teacher;
    private final MomentumSchedule momentum;
    private final EmaTeacher ema;
    private final Center center;
    private final DinoLoss loss;
    private final MultiView views;
    private final List<NDArray> pendingTeacher = new ArrayList<>();
    private long pendingStep = -1;

    /**
     * Builds DINO around an initialised encoder.
     *
     * @param config the settings
     * @param context encoder, manager, normalisation
     */
    public Dino(DinoConfig config, MethodContext context) {
        this.config = config;
        this.encoder = context.encoder();
        if (!(encoder instanceof TokenEncoder) && !config.headBatchNorm()) {
            // Measured (docs/benchmarks.md): a ResNet's pooled ReLU features differ little between
            // images at initialisation, the centre removes what they share and the teacher turns
            // uniform (loss -> ln K) within ~80 steps; BN in the head keeps the outputs apart.
            LOG.warn(
                    "DINO on {} without BatchNorm in the head: short runs collapse to a uniform"
                            + " output; the reference ResNet recipe uses it (--set headBatchNorm=true)",
                    encoder.architecture());
        }
        Shape features = new Shape(2, encoder.featureDim());
        this.head = newHead(config);
        head.initialize(context.manager(), DataType.FLOAT32, features);
        Shape in = encoder.inputShape();
        this.teacherEncoder = encoder.freshCopy();
        teacherEncoder.initialize(
                context.manager(), DataType.FLOAT32, new Shape(2, in.get(0), in.get(1), in.get(2)));
        this.teacherHead = newHead(config);
        teacherHead.initialize(context.manager(), DataType.FLOAT32, features);
        this.student = group(encoder, head);
        this.teacher = group(teacherEncoder, teacherHead);
        this.momentum = MomentumSchedule.cosineToOne(config.teacherMomentum());
        this.ema = EmaTeacher.of(student, teacher, momentum);
        this.center = new Center(context.manager(), config.outputDim(), config.centerMomentum());
        this.loss = new DinoLoss(config.studentTemperature());
        int local = MultiCrop.localSize(encoder, config.localCropSize());
        this.views =
                MultiCrop.requireContiguousGroups(
                        AugmentationPresets.dino(
                                context.imageSize(),
                                local,
                                config.numLocalCrops(),
                                context.normalization()));
    }

    private static DinoHead newHead(DinoConfig c) {
        return new DinoHead(
                c.outputDim(),
                c.hiddenDim(),
                c.bottleneckDim(),
                c.headLayers(),
                c.headBatchNorm(),
                c.normLastLayer());
    }

    private static BlockGroup group(Encoder encoder, DinoHead head) {
        Map<String, Block> members = new LinkedHashMap<>();
        members.put("encoder", encoder);
        members.put("head", head);
        return BlockGroup.of(members);
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
        return student;
    }

    @Override
    public Encoder encoder() {
        return encoder;
    }

    /**
     * Returns the student head.
     *
     * @return the head whose last layer is frozen in the first epoch
     */
    public DinoHead head() {
        return head;
    }

    /**
     * Returns the teacher (backbone + head), frozen and moved by EMA only.
     *
     * @return the teacher group with members {@code encoder} and {@code head}
     */
    public BlockGroup teacher() {
        return teacher;
    }

    /**
     * Returns the centre.
     *
     * @return the teacher-output centre
     */
    public Center center() {
        return center;
    }

    /**
     * Returns whether the last layer is frozen at a step.
     *
     * @param step the step
     * @return true during the first {@code freezeLastLayerEpochs} epochs
     */
    public boolean lastLayerFrozenAt(TrainingStep step) {
        return step.globalStep() < (long) config.freezeLastLayerEpochs() * step.stepsPerEpoch();
    }

    /**
     * Returns τ_t at a step: linear from {@code warmupTeacherTemperature} over {@code
     * teacherTemperatureWarmupEpochs × stepsPerEpoch} steps, then {@code teacherTemperature}.
     *
     * @param step the step
     * @return the teacher temperature
     */
    public double teacherTemperatureAt(TrainingStep step) {
        long warmup = (long) config.teacherTemperatureWarmupEpochs() * step.stepsPerEpoch();
        if (warmup < 1) {
            return config.teacherTemperature();
        }
        return new LinearSchedule(
                        config.warmupTeacherTemperature(), config.teacherTemperature(), warmup)
                .valueAt(step.globalStep());
    }

    /**
     * Returns the teacher EMA momentum applied after a step: cosine from {@code teacherMomentum} to
     * 1 over the run.
     *
     * @param step the step
     * @return m
     */
    public double teacherMomentumAt(TrainingStep step) {
        return momentum.valueAt(step.globalStep(), step.totalSteps());
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        head.lastLayer().setFrozen(lastLayerFrozenAt(step));
        ParameterStore ps = step.parameterStore();
        long b = batchViews.get(0).getShape().get(0);
        NDArray features = MultiCrop.features(encoder, ps, views, batchViews, true);
        NDArray studentOut = head.forward(ps, new NDList(features), true).singletonOrThrow();
        NDArray globals = NDArrays.concat(new NDList(batchViews.get(0), batchViews.get(1)), 0);
        NDArray teacherFeatures = teacherEncoder.features(ps, globals, true);
        NDArray teacherOut =
                teacherHead
                        .forward(ps, new NDList(teacherFeatures), true)
                        .singletonOrThrow()
                        .stopGradient();
        NDArray targets = DinoLoss.targets(teacherOut, center.value(), teacherTemperatureAt(step));
        NDArray value = loss.compute(studentOut, targets, b);
        if (pendingStep != step.globalStep()) {
            pendingTeacher.clear();
            pendingStep = step.globalStep();
        }
        pendingTeacher.add(teacherOut);
        // the two collapse modes of §5.3: entropy -> 0 (one dimension) or -> ln K (uniform)
        return LossOutput.of(value)
                .with("teacher_entropy", DinoLoss.meanEntropy(targets))
                .with("feature_std", FeatureStatistics.meanStd(features));
    }

    /** Moves the teacher towards the student and the centre towards this step's teacher mean. */
    @Override
    public void afterStep(TrainingStep step) {
        ema.update(step);
        if (pendingStep == step.globalStep()) {
            List<NDArray> live = pendingTeacher.stream().filter(a -> !a.isReleased()).toList();
            if (!live.isEmpty()) {
                // several device slices of one step: the mean over all of them, as all_reduce does
                NDList moved = new NDList();
                for (NDArray a : live) {
                    NDArray m = a.toDevice(center.value().getDevice(), false);
                    if (m != a) {
                        m.attach(step.manager());
                    }
                    moved.add(m);
                }
                NDArray all = moved.size() == 1 ? moved.get(0) : NDArrays.concat(moved, 0);
                center.update(all);
            }
        }
        pendingTeacher.clear();
        pendingStep = -1;
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        return Map.of("trainable", student, "teacher", teacher);
    }

    @Override
    public NDList stateArrays() {
        return center.stateArrays();
    }

    @Override
    public void close() {
        pendingTeacher.clear();
        center.close();
    }
}
