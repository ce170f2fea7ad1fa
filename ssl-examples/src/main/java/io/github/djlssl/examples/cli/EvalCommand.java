package io.github.djlssl.examples.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.eval.EncoderEvaluation;
import io.github.djlssl.core.eval.KnnResult;
import io.github.djlssl.core.eval.LinearProbeConfig;
import io.github.djlssl.core.eval.LinearProbeResult;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code djl-ssl eval knn|linear}: evaluates a frozen encoder on a labelled dataset. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate a frozen encoder.",
        subcommands = {EvalCommand.Knn.class, EvalCommand.Linear.class})
public final class EvalCommand implements Runnable {

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing protocol: knn or linear");
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

        @Override
        public Integer call() throws Exception {
            ImageSource[] sets = labelled(data);
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
                spec.commandLine().getOut().printf(Locale.ROOT, "linear_top1=%.4f%n", r.testAccuracy());
            }
            return 0;
        }
    }
}
