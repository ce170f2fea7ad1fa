package io.github.djlssl.hybrid.ijepa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.djlssl.core.augment.AugmentationPipeline;
import io.github.djlssl.core.augment.BatchAugmentation;
import io.github.djlssl.core.augment.MultiView;
import io.github.djlssl.core.augment.RandomHorizontalFlip;
import io.github.djlssl.core.augment.RandomResizedCrop;
import io.github.djlssl.core.augment.ViewSpec;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.TokenEncoder;
import io.github.djlssl.core.mask.MultiBlockMask;
import io.github.djlssl.core.mask.MultiBlockMaskGenerator;
import io.github.djlssl.core.mask.PatchGrid;
import io.github.djlssl.core.mask.TokenGather;
import io.github.djlssl.core.method.BlockGroup;
import io.github.djlssl.core.method.LossOutput;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.TrainingStep;
import io.github.djlssl.core.teacher.EmaTeacher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * I-JEPA (Assran et al., CVPR 2023): predict, in representation space, the target encoder's
 * features of several image blocks from the context encoder's view of one large block (§3,
 * Figure 3).
 *
 * <p>Per batch: one random resized crop per image (no other augmentation), a {@link
 * MultiBlockMaskGenerator} draw (1 context block, M = 4 target blocks removed from it); the
 * context encoder (the student ViT) runs on the context patches only; the target encoder (its EMA,
 * momentum 0.996 → 1 linearly) runs on all patches, its outputs are layer-normalised over the
 * feature axis and gathered per target block; the {@link IJepaPredictor} predicts each block from
 * the context, and {@link IJepaLoss} compares both. Prefix tokens (a CLS token, which I-JEPA's ViT
 * does not have) are dropped from both encoders' outputs; they still take part in attention.
 *
 * <p>{@link #encoder()}, the encoder that is evaluated and exported, is the target encoder, as in
 * the paper (Appendix A.1); the trained student is {@link #contextEncoder()}.
 *
 * <p>Metrics: {@code context_patches} and {@code target_patches}, the per-image token counts (the
 * reference code's {@code mask-A}/{@code mask-B}).
 */
public final class IJepa implements SslMethod {

    /** The registry id. */
    public static final String ID = "ijepa";

    private final IJepaConfig config;
    private final TokenEncoder encoder;
    private final TokenEncoder targetEncoder;
    private final IJepaPredictor predictor;
    private final BlockGroup trainable;
    private final BlockGroup teacherGroup;
    private final EmaTeacher teacher;
    private final MultiBlockMaskGenerator masks;
    private final MultiView views;
    private final IJepaLoss loss;
    private final int prefix;

    /**
     * Builds I-JEPA around an initialised ViT.
     *
     * @param config the settings
     * @param context the encoder (must be a {@link TokenEncoder}), manager, normalisation
     * @param predictorHeads the predictor's attention heads (resolved by the provider)
     */
    IJepa(IJepaConfig config, MethodContext context, int predictorHeads) {
        this.config = config;
        this.encoder = (TokenEncoder) context.encoder();
        NDManager manager = context.manager();
        Shape imageShape = new Shape(2, context.channels(), context.imageSize(), context.imageSize());
        this.masks = new MultiBlockMaskGenerator(
                config.maskConfig(PatchGrid.square(encoder.gridSize())));
        this.predictor = new IJepaPredictor(encoder.embedDim(), config.predictorWidth(),
                config.predictorDepth(), predictorHeads, encoder.gridSize());
        predictor.initialize(manager, DataType.FLOAT32, new Shape(2, 1, encoder.embedDim()),
                new Shape(2, 1), new Shape(2, 1));
        this.targetEncoder = (TokenEncoder) encoder.freshCopy();
        targetEncoder.initialize(manager, DataType.FLOAT32, imageShape);
        this.teacher = EmaTeacher.of(encoder, targetEncoder, config::momentumAt);
        Map<String, Block> members = new LinkedHashMap<>();
        members.put("encoder", encoder);
        members.put("predictor", predictor);
        this.trainable = BlockGroup.of(members);
        this.teacherGroup = BlockGroup.of(Map.of("encoder", targetEncoder));
        this.views = MultiView.of(new ViewSpec("image", context.imageSize(), view(config, context)));
        this.loss = new IJepaLoss(config.loss());
        this.prefix = encoder.prefixTokens();
    }

    /** Random resized crop (cropScaleMin, 1), optional flip, normalise: the reference transforms. */
    private static BatchAugmentation view(IJepaConfig config, MethodContext context) {
        RandomResizedCrop crop = RandomResizedCrop.of(context.imageSize(), config.cropScaleMin(), 1.0);
        return config.horizontalFlip()
                ? AugmentationPipeline.of(crop, new RandomHorizontalFlip(0.5), context.normalization())
                : AugmentationPipeline.of(crop, context.normalization());
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

    /**
     * Returns the target encoder, the one that evaluation and export use: "We use the
     * target-encoder for evaluation and average pool its output" (Assran et al. 2023, Appendix
     * A.1). The context encoder only ever sees the context block (on Fashion-MNIST's 7 × 7 grid, 11
     * to 25 of the 49 patches after trimming to the batch minimum), never a whole image; the target
     * encoder, an average of its weights, is the one whose whole-image outputs the loss shapes. On a
     * short Fashion-MNIST run its linear probe is 10 points above the context encoder's ({@code
     * docs/ijepa.md}).
     *
     * @return the target encoder (EMA of {@link #contextEncoder()})
     */
    @Override
    public Encoder encoder() {
        return targetEncoder;
    }

    /**
     * Returns the context encoder, the ViT the optimiser trains.
     *
     * @return the context (student) encoder
     */
    public TokenEncoder contextEncoder() {
        return encoder;
    }

    /**
     * Returns the predictor.
     *
     * @return the trained predictor block
     */
    public IJepaPredictor predictor() {
        return predictor;
    }

    /**
     * Returns the target encoder (the EMA of {@link #contextEncoder()}), the same block as {@link
     * #encoder()}.
     *
     * @return the frozen target encoder
     */
    public TokenEncoder targetEncoder() {
        return targetEncoder;
    }

    /**
     * Returns the settings.
     *
     * @return the config
     */
    public IJepaConfig config() {
        return config;
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        return Map.of("trainable", trainable, "teacher", teacherGroup);
    }

    @Override
    public LossOutput loss(List<NDArray> batchViews, TrainingStep step) {
        NDArray images = batchViews.get(0);
        int batch = Math.toIntExact(images.getShape().get(0));
        NDManager m = step.manager();
        try (MultiBlockMask mask = masks.generate(m, batch, step.rng())) {
            NDArray targets = targets(images, mask.targetIndices(), step);
            NDArray context = dropPrefix(encoder.forwardTokens(
                    step.parameterStore(), images, mask.contextIndices(), true));
            NDArray predictions = predictor.predict(step.parameterStore(), context,
                    mask.contextIndices(), mask.targetIndices(), true);
            NDArray value = loss.compute(predictions, targets);
            // full() allocates in libtorch; a create() scalar wraps a Java buffer that the
            // trainer's detached copy of the metric could outlive.
            long contextCount = mask.contextIndices().getShape().get(1);
            long targetCount = mask.targetIndices().get(0).getShape().get(1);
            return LossOutput.of(value)
                    .with("context_patches", m.full(new Shape(), (float) contextCount))
                    .with("target_patches", m.full(new Shape(), (float) targetCount));
        }
    }

    /** The target encoder's normalised features of every block, {@code [M·B, Kt, D]} block-major. */
    private NDArray targets(NDArray images, List<NDArray> targetIndices, TrainingStep step) {
        NDArray all = dropPrefix(targetEncoder.forwardTokens(step.parameterStore(), images, null, true))
                .stopGradient();
        NDArray normed = IJepaLoss.layerNorm(all);
        List<NDArray> blocks = new ArrayList<>(targetIndices.size());
        for (NDArray idx : targetIndices) {
            blocks.add(TokenGather.gather(normed, idx));
        }
        return NDArrays.concat(new NDList(blocks), 0);
    }

    /** Drops the CLS token, which I-JEPA's ViT lacks: {@code [B, P + K, D]} → {@code [B, K, D]}. */
    private NDArray dropPrefix(NDArray tokens) {
        // A slice end past the length would wrap in DJL's index (floorMod): use the exact length.
        return prefix == 0 ? tokens
                : tokens.get(new NDIndex().addAllDim().addSliceDim(prefix, tokens.getShape().get(1)));
    }

    @Override
    public void afterStep(TrainingStep step) {
        teacher.update(step);
    }

    /**
     * Returns the EMA momentum applied after a step of a run.
     *
     * @param step the global step
     * @param totalSteps the run's steps
     * @return the momentum m of {@code θt ← m θt + (1 − m) θs}
     */
    public double momentumAt(long step, long totalSteps) {
        return config.momentumAt(step, totalSteps);
    }
}
