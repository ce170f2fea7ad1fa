package io.github.djlssl.examples.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.config.RecordBinder;
import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.eval.EncoderEvaluation;
import io.github.djlssl.core.eval.KnnMonitor;
import io.github.djlssl.core.eval.KnnResult;
import io.github.djlssl.core.method.MethodContext;
import io.github.djlssl.core.method.SslMethod;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.method.SslMethods;
import io.github.djlssl.core.optim.OptimizerConfig;
import io.github.djlssl.core.run.RunRecord;
import io.github.djlssl.core.train.SslTrainer;
import io.github.djlssl.core.train.TrainerConfig;
import io.github.djlssl.core.train.TrainingSummary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code djl-ssl pretrain}: self-supervised pretraining, then (on a labelled dataset) a kNN
 * evaluation on the test split whose {@code knn_top1=…} is the last line printed.
 */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        description = "Pretrain an encoder with a self-supervised method.")
public final class PretrainCommand implements Callable<Integer> {

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    @Option(names = "--method", required = true, description = "method id, see 'djl-ssl methods'")
    String method;

    @Option(names = "--encoder", defaultValue = "resnet18", description = "resnet18|34|50, vit-tiny|small|base (default: ${DEFAULT-VALUE})")
    String encoder;

    @Option(names = "--width", defaultValue = "0", description = "ResNet first-stage width; 64 = torchvision, 0 = default")
    int width;

    @Option(names = "--patch-size", defaultValue = "0", description = "ViT patch size; 0 = a default for the image size")
    int patchSize;

    @Option(names = "--pool", defaultValue = "cls", description = "ViT pooling: cls (class token) or mean (no class token; I-JEPA) (default: ${DEFAULT-VALUE})")
    String pool;

    @Mixin DatasetOptions data;

    @Mixin EngineOptions engine;

    @Option(names = "--epochs", defaultValue = "10", description = "(default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "256", description = "(default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd, adamw or lars (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(
            names = "--lr",
            description = "peak learning rate (default: sgd 0.06, adamw 1e-3, lars 0.3, each × batch/256)")
    Double lr;

    @Option(names = "--weight-decay", description = "(default: sgd/lars 5e-4, adamw 0.05)")
    Double weightDecay;

    @Option(names = "--warmup-epochs", defaultValue = "0", description = "linear warm-up epochs (default: ${DEFAULT-VALUE})")
    int warmupEpochs;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "override a method setting (see 'djl-ssl describe METHOD'); keys starting with"
                    + " 'optimizer.' set the optimiser record")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--out", required = true, description = "run directory")
    Path out;

    @Option(names = "--resume", description = "continue from the newest checkpoint in --out")
    boolean resume;

    @Option(names = "--knn-every", defaultValue = "0", description = "kNN monitor every N epochs; 0 = off")
    int knnEvery;

    @Option(names = "--knn-max-train", defaultValue = "10000", description = "kNN memory-bank size (default: ${DEFAULT-VALUE})")
    int knnMaxTrain;

    @Option(names = "--knn-max-test", defaultValue = "10000", description = "kNN query count (default: ${DEFAULT-VALUE})")
    int knnMaxTest;

    @Option(names = "--no-progress", description = "no console progress bar")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        SslMethodProvider<?> provider = SslMethods.get(method);
        Map<String, String> methodSettings = new LinkedHashMap<>();
        Map<String, String> optimizerSettings = new LinkedHashMap<>();
        settings.forEach(
                (k, v) -> {
                    if (k.startsWith("optimizer.")) {
                        optimizerSettings.put(k.substring("optimizer.".length()), v);
                    } else {
                        methodSettings.put(k, v);
                    }
                });
        Record methodConfig = bind(provider, methodSettings);
        OptimizerConfig optimizerConfig = RecordBinder.bind(optimizer(), optimizerSettings);
        TrainerConfig trainerConfig =
                new TrainerConfig(epochs, batchSize, engine.seed, optimizerConfig, engine.device, 1, 10, !noProgress);

        ImageSource train = data.train();
        Optional<ImageSource> test = train.hasLabels() ? data.test() : Optional.empty();
        Device[] devices = engine.start();
        EncoderSpec encoderSpec =
                new EncoderSpec(encoder, train.height(), train.channels(), width, patchSize, EncoderSource.pooling(pool));
        Normalize normalization = data.normalization(train.channels());
        spec.commandLine().getErr().println("djl-ssl: " + train.description());

        try (NDManager manager = NDManager.newBaseManager(devices[0])) {
            Encoder backbone = encoderSpec.build();
            backbone.initialize(manager, DataType.FLOAT32, new Shape(2, train.channels(), train.height(), train.width()));
            SslMethod ssl = create(provider, methodConfig, new MethodContext(backbone, manager, normalization, engine.seed));
            new RunRecord(
                            method,
                            RecordBinder.describe(methodConfig),
                            encoderSpec,
                            data.dataset,
                            data.dataDir == null ? null : data.dataDir.toString(),
                            data.maxSamples,
                            data.imageSize,
                            normalization.mean(),
                            normalization.std(),
                            trainerConfig)
                    .write(out);
            KnnMonitor monitor =
                    knnEvery > 0 && test.isPresent() && ssl.trainsEncoder()
                            ? EncoderEvaluation.monitor(manager, data.trainAll(), test.get(), normalization, knnEvery, knnMaxTrain, knnMaxTest)
                            : null;
            try (ssl) {
                TrainingSummary summary = new SslTrainer(trainerConfig).fit(ssl, train, out, resume, monitor);
                spec.commandLine()
                        .getErr()
                        .printf(
                                Locale.ROOT,
                                "djl-ssl: %d steps in %.1f s (%.1f images/s); wrote %s%n",
                                summary.steps(),
                                summary.seconds(),
                                summary.imagesPerSecond(),
                                out.resolve("encoder.params"));
                io.github.djlssl.examples.report.TrainingCurves.writeOrWarn(out); // DIR/curves.png; a chart failure only warns
                if (test.isPresent() && ssl.trainsEncoder()) {
                    KnnResult knn =
                            EncoderEvaluation.knn(ssl.encoder(), data.trainAll(), test.get(), normalization, devices[0], knnMaxTrain, knnMaxTest);
                    spec.commandLine().getOut().printf(Locale.ROOT, "knn_top1=%.4f%n", knn.top1());
                }
            } finally {
                if (monitor != null) {
                    monitor.close();
                }
            }
        }
        return 0;
    }

    private OptimizerConfig optimizer() {
        double scale = batchSize / 256.0;
        return switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "sgd" -> OptimizerConfig.sgd(lr != null ? lr : 0.06 * scale, 0.9, wd(5e-4))
                    .withWarmupEpochs(warmupEpochs);
            case "adamw" -> OptimizerConfig.adamw(lr != null ? lr : 1e-3 * scale, wd(0.05))
                    .withWarmupEpochs(warmupEpochs);
            case "lars" -> OptimizerConfig.lars(lr != null ? lr : 0.3 * scale, 0.9, wd(5e-4))
                    .withWarmupEpochs(warmupEpochs);
            default -> throw new IllegalArgumentException(
                    "unknown optimizer '" + optimizer + "'; use sgd, adamw or lars");
        };
    }

    private double wd(double fallback) {
        return weightDecay != null ? weightDecay : fallback;
    }

    private static <C extends Record> C bind(SslMethodProvider<C> provider, Map<String, String> settings) {
        return RecordBinder.bind(provider.defaultConfig(), settings);
    }

    @SuppressWarnings("unchecked")
    private static <C extends Record> SslMethod create(
            SslMethodProvider<C> provider, Record config, MethodContext context) {
        return provider.create((C) config, context);
    }
}
