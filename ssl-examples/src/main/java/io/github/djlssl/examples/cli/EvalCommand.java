package io.github.djlssl.examples.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.eval.EncoderEvaluation;
import io.github.djlssl.core.eval.FineTuneConfig;
import io.github.djlssl.core.eval.FineTuneResult;
import io.github.djlssl.core.eval.KnnResult;
import io.github.djlssl.core.eval.LabelBudget;
import io.github.djlssl.core.eval.LinearProbeConfig;
import io.github.djlssl.core.eval.LinearProbeResult;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code djl-ssl eval knn|linear|finetune}: evaluates an encoder on a labelled dataset (kNN and the
 * linear probe on frozen features; fine-tuning trains a copy end to end).
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate an encoder: kNN or linear probe on frozen features, or fine-tuning.",
        subcommands = {EvalCommand.Knn.class, EvalCommand.Linear.class, EvalCommand.Finetune.class})
public final class EvalCommand implements Runnable {

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing protocol: knn, linear or finetune");
    }

    private static ImageSource[] labelled(DatasetOptions data) throws java.io.IOException {
        ImageSource train = data.trainAll();
        if (!train.hasLabels()) {
            throw new IllegalArgumentException(train.description() + " has no labels to evaluate against");
        }
        ImageSource test =
                data.test()
                        .orElseThrow(
                                () -> new IllegalArgumentException("the dataset has no test split to evaluate on"));
        return new ImageSource[] {train, test};
    }

    /**
     * A class-balanced seeded subset of {@code source} ({@link LabelBudget}), or the source itself
     * when {@code max} is null or not smaller: probes of ViTs on CPU cannot afford 70,000 forwards.
     */
    private static ImageSource balanced(ImageSource source, Integer max, long seed) {
        if (max == null) {
            return source;
        }
        if (max < 1) {
            throw new IllegalArgumentException("the image limit must be >= 1, got " + max);
        }
        return max >= source.size() ? source : source.subset(LabelBudget.balanced(source, max, seed));
    }

    /** Weighted kNN (k = 200, T = 0.1); prints {@code knn_top1=…} last. */
    @Command(name = "knn", mixinStandardHelpOptions = true, description = "Weighted kNN accuracy (k=200, T=0.1).")
    static final class Knn implements Callable<Integer> {
        @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
        @Mixin EncoderSource source;
        @Mixin DatasetOptions data;
        @Mixin EngineOptions engine;

        @Option(names = "--knn-max-train", defaultValue = "10000", description = "memory-bank size (default: ${DEFAULT-VALUE})")
        int maxTrain;

        @Option(names = "--knn-max-test", defaultValue = "10000", description = "query count (default: ${DEFAULT-VALUE})")
        int maxTest;

        @Override
        public Integer call() throws Exception {
            ImageSource[] sets = labelled(data);
            Device[] devices = engine.start();
            try (NDManager manager = NDManager.newBaseManager(devices[0])) {
                Encoder encoder = source.load(manager, sets[0]);
                KnnResult r =
                        EncoderEvaluation.knn(
                                encoder, sets[0], sets[1], source.normalization(data, sets[0].channels()), devices[0], maxTrain, maxTest);
                spec.commandLine().getOut().printf(Locale.ROOT, "knn_top1=%.4f%n", r.top1());
            }
            return 0;
        }
    }

    /** Linear probe on frozen features; prints {@code linear_top1=…} last. */
    @Command(name = "linear", mixinStandardHelpOptions = true, description = "Linear-probe accuracy on frozen features.")
    static final class Linear implements Callable<Integer> {
        @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
        @Mixin EncoderSource source;
        @Mixin DatasetOptions data;
        @Mixin EngineOptions engine;

        @Option(names = "--probe-epochs", description = "probe training epochs (default: the probe's)")
        Integer probeEpochs;

        @Option(
                names = "--max-train",
                description = "probe training images: a class-balanced seeded subset (default: all)")
        Integer maxTrain;

        @Option(
                names = "--max-test",
                description = "test images: a class-balanced seeded subset (default: all)")
        Integer maxTest;

        @Override
        public Integer call() throws Exception {
            ImageSource[] sets = labelled(data);
            sets[0] = balanced(sets[0], maxTrain, engine.seed);
            sets[1] = balanced(sets[1], maxTest, engine.seed);
            Device[] devices = engine.start();
            LinearProbeConfig config = LinearProbeConfig.defaults();
            if (probeEpochs != null) {
                config = config.withEpochs(probeEpochs);
            }
            try (NDManager manager = NDManager.newBaseManager(devices[0])) {
                Encoder encoder = source.load(manager, sets[0]);
                LinearProbeResult r =
                        EncoderEvaluation.linear(
                                encoder, sets[0], sets[1], source.normalization(data, sets[0].channels()), devices[0], config);
                spec.commandLine()
                        .getOut()
                        .printf(Locale.ROOT, "linear: %d training images, %d test images%n", sets[0].size(), sets[1].size());
                spec.commandLine().getOut().printf(Locale.ROOT, "linear_top1=%.4f%n", r.testAccuracy());
            }
            return 0;
        }
    }

    /**
     * End-to-end fine-tuning of a copy of the encoder with a linear head (MAE/BEiT recipe scaled to
     * short runs, see {@link FineTuneConfig}); prints {@code finetune_top1=…} last.
     */
    @Command(
            name = "finetune",
            mixinStandardHelpOptions = true,
            description = "Fine-tuning accuracy: encoder + linear head trained end to end on the labelled split.")
    static final class Finetune implements Callable<Integer> {
        @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
        @Mixin EncoderSource source;
        @Mixin DatasetOptions data;
        @Mixin EngineOptions engine;

        @Option(names = "--ft-epochs", description = "fine-tuning epochs (default: the recipe's, 5)")
        Integer epochs;

        @Option(names = "--ft-lr", description = "base learning rate blr; the rate is blr * batch / 256 (default: 5e-3)")
        Double baseLr;

        @Option(names = "--ft-batch-size", description = "images per step (default: 64)")
        Integer batchSize;

        @Option(names = "--ft-layer-decay", description = "layer-wise lr decay for ViTs, 1 = off (default: 0.75)")
        Double layerDecay;

        @Option(names = "--ft-label-smoothing", description = "label smoothing, 0 = off (default: 0.1)")
        Double labelSmoothing;

        @Option(
                names = "--ft-min-crop",
                description = "smallest random-resized-crop area fraction, 1 = no crop (default: 0.08)")
        Double minCrop;

        @Option(
                names = "--max-train",
                description = "labelled training images: a class-balanced seeded subset (default: all)")
        Integer maxTrain;

        @Option(
                names = "--max-test",
                description = "test images: a class-balanced seeded subset (default: all)")
        Integer maxTest;

        @Override
        public Integer call() throws Exception {
            ImageSource[] sets = labelled(data);
            sets[1] = balanced(sets[1], maxTest, engine.seed);
            // --seed also seeds the head init, the label subset, the shuffles and the crops
            FineTuneConfig config = FineTuneConfig.defaults().withSeed(engine.seed);
            if (epochs != null) {
                config = config.withEpochs(epochs);
            }
            if (baseLr != null) {
                config = config.withBaseLearningRate(baseLr);
            }
            if (batchSize != null) {
                config = config.withBatchSize(batchSize);
            }
            if (layerDecay != null) {
                config = config.withLayerDecay(layerDecay);
            }
            if (labelSmoothing != null) {
                config = config.withLabelSmoothing(labelSmoothing);
            }
            if (minCrop != null) {
                config = config.withAugmentation(minCrop, config.flipProbability());
            }
            if (maxTrain != null) {
                config = config.withMaxTrain(maxTrain);
            }
            Device[] devices = engine.start();
            try (NDManager manager = NDManager.newBaseManager(devices[0])) {
                Encoder encoder = source.load(manager, sets[0]);
                FineTuneResult r =
                        EncoderEvaluation.finetune(
                                encoder, sets[0], sets[1], source.normalization(data, sets[0].channels()), devices[0], config);
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "finetune: %d labelled images, %d epochs, %d steps, final loss %.4f, %.1f s%n",
                                r.numTrain(),
                                r.epochLosses().size(),
                                r.steps(),
                                r.finalLoss(),
                                r.seconds());
                spec.commandLine().getOut().printf(Locale.ROOT, "finetune_top1=%.4f%n", r.testTop1());
            }
            return 0;
        }
    }
}
