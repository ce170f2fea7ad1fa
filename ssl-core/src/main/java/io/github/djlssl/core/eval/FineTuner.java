package io.github.djlssl.core.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.djlssl.core.augment.AugmentationPipeline;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.augment.RandomResizedCrop;
import io.github.djlssl.core.augment.ToFloat;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.optim.AdamW;
import io.github.djlssl.core.optim.ParameterGroups;
import io.github.djlssl.core.random.Rng;
import io.github.djlssl.core.schedule.ConstantSchedule;
import io.github.djlssl.core.schedule.WarmupCosineSchedule;
import io.github.djlssl.core.tensor.Scalars;
import io.github.djlssl.core.train.DataParallelParameterServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end fine-tuning: trains a copy of a pretrained encoder together with a linear head on
 * labelled images (the recipe of {@link FineTuneConfig}), then measures top-1 on test images.
 *
 * <p>The caller's encoder is only read: its weights (and BatchNorm running statistics) are copied
 * into a {@link Encoder#freshCopy()} at the start and the copy is what trains, so one pretrained
 * encoder can be fine-tuned, probed and kNN-evaluated in any order. During training BatchNorm runs
 * in training mode (batch statistics; the copy's running statistics update); testing runs in eval
 * mode.
 *
 * <p>Loop: one sub-manager per step holds the batch, its augmented views, activations and the
 * loss; the optimiser ({@link AdamW}, per-step {@link WarmupCosineSchedule}, layer-wise decay
 * through {@link LayerDecay}) keeps its state in its own manager and is closed at the end, as are
 * the copy and the head, so nothing outlives the call. The loss accumulates on the device and is
 * read once per epoch. All randomness (head init, per-epoch shuffles, per-step crops and flips)
 * comes from {@link Rng} seeded with {@link FineTuneConfig#seed()}: equal seeds give equal runs.
 *
 * <p>Must not be called while another gradient collector is open (the PyTorch engine allows only
 * one at a time).
 */
public final class FineTuner {

    private static final Logger LOG = LoggerFactory.getLogger(FineTuner.class);

    /** Test images per eval-mode forward pass. */
    private static final int EVAL_BATCH = 256;

    /** Hooks for tests: see the gradients of a step and the live arrays after it. */
    interface StepProbe {
        /** Called after the backward pass, before the optimiser step (gradients are populated). */
        default void afterBackward(FineTuneModel model, long step) {}

        /** Called after the optimiser step, once the step's scope is closed. */
        default void afterStep(NDManager work, long step) {}
    }

    private final FineTuneConfig config;
    private StepProbe probe = new StepProbe() {};

    /**
     * Creates a fine-tuner.
     *
     * @param config the recipe
     */
    public FineTuner(FineTuneConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Creates a fine-tuner with {@link FineTuneConfig#defaults()}. */
    public FineTuner() {
        this(FineTuneConfig.defaults());
    }

    /**
     * Returns the recipe.
     *
     * @return the config
     */
    public FineTuneConfig config() {
        return config;
    }

    FineTuner withProbe(StepProbe newProbe) {
        this.probe = Objects.requireNonNull(newProbe, "probe");
        return this;
    }

    /**
     * Fine-tunes a copy of {@code pretrained} on all given training images and tests it. ({@link
     * FineTuneConfig#maxTrain()} is applied by {@link EncoderEvaluation#finetune}, which picks the
     * labelled subset; here every given image is used.)
     *
     * @param pretrained an initialised encoder; not modified
     * @param trainImages uint8 (or float in [0, 1]) images {@code [N, C, H, W]}, N &ge; 2, any device
     * @param trainLabels integer labels {@code [N]} in {@code [0, numClasses)}
     * @param testImages images {@code [M, C, H, W]} like the training ones
     * @param testLabels integer labels {@code [M]}
     * @param numClasses width of the head, &gt; 0
     * @param normalization the per-channel normalisation the encoder was pretrained with
     * @param device where training runs
     * @return the loss curve and test accuracy
     */
    public FineTuneResult fit(
            Encoder pretrained,
            NDArray trainImages,
            NDArray trainLabels,
            NDArray testImages,
            NDArray testLabels,
            int numClasses,
            Normalize normalization,
            Device device) {
        Objects.requireNonNull(pretrained, "pretrained");
        Objects.requireNonNull(normalization, "normalization");
        requireLabelled("train", trainImages, trainLabels);
        requireLabelled("test", testImages, testLabels);
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be > 0, got " + numClasses);
        }
        int n = Math.toIntExact(trainImages.getShape().get(0));
        if (n < 2) {
            throw new IllegalArgumentException("fine-tuning needs at least 2 training images, got " + n);
        }
        long started = System.nanoTime();
        int batch = Math.min(config.batchSize(), n);
        int stepsPerEpoch = n / batch; // drop the last partial batch, as timm's loader
        long totalSteps = (long) stepsPerEpoch * config.epochs();
        long warmup = Math.round(config.warmupFraction() * totalSteps);
        int imageSize = Math.toIntExact(pretrained.inputShape().get(1));
        AugmentationPipeline augment =
                AugmentationPipeline.of(
                        ToFloat.create(),
                        RandomResizedCrop.of(imageSize, config.minCropScale(), 1.0)
                                .withHorizontalFlip(config.flipProbability()),
                        normalization);
        Rng rng = Rng.of(config.seed());
        List<Double> losses = new ArrayList<>();
        try (NDManager work = trainImages.getManager().getEngine().newBaseManager(device)) {
            FineTuneModel model = FineTuneModel.create(pretrained, numClasses, work, rng.split());
            ParameterGroups groups =
                    LayerDecay.apply(ParameterGroups.of(model.block()), model.layerScales(config.layerDecay()));
            try (AdamW optimizer =
                    new AdamW(
                            groups,
                            WarmupCosineSchedule.fromZero(
                                    config.learningRate(), config.minLearningRate(), warmup, totalSteps),
                            new ConstantSchedule(config.weightDecay()),
                            0.9,
                            0.999,
                            1e-8)) {
                ParameterStore store = new ParameterStore(work, false);
                store.setParameterServer(new DataParallelParameterServer(optimizer), new Device[] {device});
                NDArray lossSum = work.zeros(new Shape(), DataType.FLOAT32);
                long step = 0;
                for (int epoch = 0; epoch < config.epochs(); epoch++) {
                    lossSum.muli(0);
                    int[] order = rng.permutation(n);
                    for (int s = 0; s < stepsPerEpoch; s++) {
                        try (NDManager stepScope = work.newSubManager()) {
                            NDArray rows = stepScope.create(slice(order, s * batch, batch));
                            NDArray x = gather(trainImages, rows, stepScope, device);
                            NDArray y = gather(trainLabels, rows, stepScope, device).toType(DataType.INT64, false);
                            NDArray views = augment.apply(x, Rng.derive(config.seed(), step));
                            try (GradientCollector collector = work.getEngine().newGradientCollector()) {
                                NDArray loss = smoothedCrossEntropy(model.logits(store, views, true), y);
                                collector.backward(loss);
                                lossSum.addi(loss.stopGradient());
                            }
                            probe.afterBackward(model, step);
                            optimizer.setStep(step);
                            store.updateAllParameters();
                        }
                        probe.afterStep(work, step);
                        step++;
                    }
                    losses.add((double) lossSum.getFloat() / stepsPerEpoch); // one host sync per epoch
                    LOG.info("fine-tune epoch {}/{}: loss {}", epoch + 1, config.epochs(),
                            String.format("%.4f", losses.get(epoch)));
                }
                long[] hits = test(model, store, work, testImages, testLabels, EvalTransform.of(normalization), device);
                long m = testImages.getShape().get(0);
                double seconds = (System.nanoTime() - started) / 1e9;
                return new FineTuneResult(
                        losses,
                        (double) hits[0] / m,
                        numClasses >= 5 ? (double) hits[1] / m : Double.NaN,
                        n,
                        m,
                        step,
                        seconds);
            }
        }
    }

    /**
     * Label-smoothed cross-entropy, {@code -mean((1 - e) log p_y + e mean_c log p_c)} (Szegedy et
     * al. 2016 §7; timm's {@code LabelSmoothingCrossEntropy}). Scalar factors go through {@link
     * Scalars} because this is the gradient path.
     *
     * @param logits {@code [B, classes]}
     * @param labels int64 {@code [B]}
     * @return the scalar loss
     */
    NDArray smoothedCrossEntropy(NDArray logits, NDArray labels) {
        NDArray logProb = logits.logSoftmax(1);
        NDArray nll = logProb.get(new NDIndex().addAllDim().addPickDim(labels)); // [B]
        double e = config.labelSmoothing();
        if (e == 0) {
            return nll.mean().neg();
        }
        NDArray uniform = logProb.mean(new int[] {1}); // [B]
        return Scalars.mul(nll, 1 - e).add(Scalars.mul(uniform, e)).mean().neg();
    }

    /** Counts top-1 and top-5 hits in eval mode, one batch per sub-manager; one host sync. */
    private static long[] test(
            FineTuneModel model,
            ParameterStore store,
            NDManager work,
            NDArray images,
            NDArray labels,
            Function<NDArray, NDArray> preprocess,
            Device device) {
        long m = images.getShape().get(0);
        try (NDManager scope = work.newSubManager()) {
            NDArray hits = scope.zeros(new Shape(2), DataType.INT64);
            for (long start = 0; start < m; start += EVAL_BATCH) {
                try (NDManager batchScope = scope.newSubManager()) {
                    NDIndex rows = NDIndex.sliceAxis(0, start, Math.min(m, start + EVAL_BATCH));
                    NDArray x = images.get(rows);
                    x.attach(batchScope);
                    NDArray y = labels.get(rows);
                    y.attach(batchScope);
                    NDArray input = preprocess.apply(x.toDevice(device, false));
                    NDArray logits = model.logits(store, input, false);
                    hits.addi(TopKCorrect.count(logits, y.toDevice(device, false).toType(DataType.INT64, false)));
                }
            }
            return hits.toLongArray();
        }
    }

    /** Gathers rows of a caller's array into {@code scope}, on {@code device}. */
    private static NDArray gather(NDArray source, NDArray rows, NDManager scope, Device device) {
        NDArray picked = source.get(new NDIndex("{}", rows.toDevice(source.getDevice(), false)));
        picked.attach(scope);
        return picked.toDevice(device, false);
    }

    private static long[] slice(int[] order, int from, int length) {
        long[] out = new long[length];
        for (int i = 0; i < length; i++) {
            out[i] = order[from + i];
        }
        return out;
    }

    private static void requireLabelled(String split, NDArray images, NDArray labels) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || shape.get(0) == 0) {
            throw new IllegalArgumentException(split + "Images must be non-empty [N, C, H, W], got " + shape);
        }
        if (!labels.getShape().equals(new Shape(shape.get(0)))) {
            throw new IllegalArgumentException(
                    split + "Labels must be [" + shape.get(0) + "], got " + labels.getShape());
        }
    }
}
